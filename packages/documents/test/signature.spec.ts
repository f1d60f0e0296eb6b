import { ENABLED_PLUGINS } from '@chibo/catalog';
import type { DocumentIssuer } from '@chibo/procedure';
import { DocumentRenderer, type RenderInput } from '../src';
import { htmlText } from './support/required-elements';
import { scenarioDocuments } from './support/scenario-documents';

const renderer = DocumentRenderer.fromPlugins(ENABLED_PLUGINS);

/** The text of every signature block of a rendered document (the minutes' annex has one too). */
function signatures(input: RenderInput): string[] {
  const html = renderer.render(input).html;
  return [...html.matchAll(/<div class="signature">([\s\S]*?)<\/div>/g)].map((m) => htmlText(m[1]!));
}

/** A document of the ai-mo-2022 run, with its issuer changed. */
async function issuedBy(type: string, change: (issuer: DocumentIssuer) => DocumentIssuer, org = 'CB-THCS-AI-MO'): Promise<RenderInput> {
  const { documents } = await scenarioDocuments('ai-mo-2022');
  const doc = documents.find((d) => d.input.type === type && d.org === org)!;
  const data = doc.input.data as { issuer: DocumentIssuer };
  return { ...doc.input, data: { ...data, issuer: change(data.issuer) } };
}

describe('signature blocks (HD 36-HD/VPTW): by the kind of the issuing body and the signer’s role', () => {
  it.each(['KH', 'TB', 'NQ', 'BC'])('should have the secretary of a cell sign a %s "T/M CHI BỘ / BÍ THƯ"', async (type) => {
    expect(signatures(await issuedBy(type, (i) => i))).toEqual(['T/M CHI BỘ BÍ THƯ Ngô Thị Nga']);
  });

  it.each(['KH', 'TB', 'NQ', 'BC'])('should have a deputy sign a %s "T/M CHI BỘ / PHÓ BÍ THƯ", without K/T, when the cell has no secretary', async (type) => {
    const input = await issuedBy(type, (i) => ({ ...i, signer: { id: 'dung', name: 'Trần Thị Dung', role: 'deputy-secretary' } }));
    expect(signatures(input)).toEqual(['T/M CHI BỘ PHÓ BÍ THƯ Trần Thị Dung']);
  });

  it('should leave the name empty, under the title, when the body has neither a secretary nor a deputy', async () => {
    expect(signatures(await issuedBy('BC', (i) => i, 'DU-NGOC-LAM'))).toEqual(['T/M ĐẢNG ỦY BÍ THƯ']);
  });

  it('should sign the score sheet annexed to the minutes as the cell, and the minutes themselves as clerk and chair', async () => {
    const input = await issuedBy('BB', (i) => ({ ...i, signer: { id: 'dung', name: 'Trần Thị Dung', role: 'deputy-secretary' } }));
    expect(signatures(input)).toEqual(['THƯ KÝ Nguyễn Thị Kim Nhung', 'CHỦ TRÌ Ngô Thị Nga', 'T/M CHI BỘ PHÓ BÍ THƯ Trần Thị Dung']);
  });

  it.each([
    ['Đảng ủy phường Ngọc Lâm', 'secretary', 'T/M ĐẢNG ỦY BÍ THƯ'],
    ['Đảng ủy xã Ngọc Sơn', 'deputy-secretary', 'T/M ĐẢNG ỦY PHÓ BÍ THƯ'],
    ['Đảng bộ Khối các cơ quan tỉnh', 'secretary', 'T/M ĐẢNG ỦY BÍ THƯ'],
    ['Huyện ủy Hiệp Hòa', 'secretary', 'T/M HUYỆN ỦY BÍ THƯ'],
    ['Huyện ủy Hiệp Hòa', 'deputy-secretary', 'T/M HUYỆN ỦY PHÓ BÍ THƯ'],
    ['Ban Thường vụ Huyện ủy Hiệp Hòa', 'deputy-secretary', 'T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ'],
    ['Quận ủy Hai Bà Trưng', 'secretary', 'T/M QUẬN ỦY BÍ THƯ'],
    ['Thành ủy Bắc Giang', 'secretary', 'T/M THÀNH ỦY BÍ THƯ'],
    ['Tỉnh uỷ Bắc Giang', 'secretary', 'T/M TỈNH ỦY BÍ THƯ'],
    ['Ủy ban kiểm tra Huyện ủy Hiệp Hòa', 'deputy-secretary', 'T/M ỦY BAN KIỂM TRA PHÓ CHỦ NHIỆM'],
    ['Ban Tuyên giáo Huyện ủy Hiệp Hòa', 'secretary', 'TRƯỞNG BAN'],
    ['Ban Tuyên giáo Huyện ủy Hiệp Hòa', 'deputy-secretary', 'K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN'],
  ] as const)('should have %s signed by its %s as "%s"', async (name, role, block) => {
    const input = await issuedBy('BC', (i) => ({ ...i, name, signer: { id: 'x', name: 'Trần Văn Ký', role } }), 'DU-NGOC-LAM');
    expect(signatures(input)).toEqual([`${block} Trần Văn Ký`]);
  });
});
