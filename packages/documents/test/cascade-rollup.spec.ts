import { ENABLED_PLUGINS } from '@chibo/catalog';
import { DocumentRenderer } from '../src';
import { documentsOf, fixtureScenario } from './support/scenario-documents';
import { htmlText } from './support/required-elements';

// The roll-up report (BC) of each level of the seed-002 cascade: a committee whose recipients include a sub-committee
// words them as units ("đơn vị"), gives the sub-committee's compiled ratings on its line and counts the whole
// subtree's cells; a committee whose recipients are cells keeps the single-level wording (the golden files' one).
const renderer = DocumentRenderer.fromPlugins(ENABLED_PLUGINS);

async function bcText(org: string, scenario = fixtureScenario('ngoc-son-2019-cascade')): Promise<string> {
  const { documents } = await documentsOf(scenario);
  const bc = documents.find((d) => d.org === org && d.input.type === 'BC');
  if (!bc) throw new Error(`${org} issued no BC`);
  return htmlText(renderer.render(bc.input).html);
}

describe('the roll-up report of a cascade', () => {
  it('should word the district’s recipients as units, with the commune’s ratings and the cells beneath it', async () => {
    const text = await bcText('HU-HIEP-HOA');
    expect(text).toContain('báo cáo kết quả thực hiện của các cấp ủy, chi bộ trực thuộc như sau');
    expect(text).toContain('Hướng dẫn được triển khai tới 01 đơn vị trực thuộc, trong đó có 01 cấp ủy. Đã báo cáo: 01/01 đơn vị (00 đúng hạn, 01 chậm hạn)');
    expect(text).toContain('Tổng hợp toàn đảng bộ qua báo cáo của các đơn vị: 02 chi bộ, đã báo cáo 02 chi bộ (01 đúng hạn, 01 chậm hạn), chưa báo cáo 00 chi bộ');
    expect(text).toContain('KẾT QUẢ CỦA TỪNG ĐƠN VỊ TRỰC THUỘC');
    expect(text).toMatch(/Đảng ủy xã Ngọc Sơn Chậm hạn – Khá 1; Tốt 1/);
    expect(text).toContain('Tổng cộng: 01 đơn vị');
    expect(text).toContain('- Các cấp ủy, chi bộ trực thuộc,');
    expect(text).not.toContain('tới 01 chi bộ');
  });

  it('should keep the cells’ wording in the commune’s report, whose recipients are its cells', async () => {
    const text = await bcText('DU-NGOC-SON');
    expect(text).toContain('báo cáo kết quả thực hiện của các chi bộ trực thuộc như sau');
    expect(text).toContain('Hướng dẫn được triển khai tới 02 chi bộ.');
    expect(text).toContain('KẾT QUẢ CỦA TỪNG CHI BỘ');
    expect(text).not.toContain('đơn vị');
  });
});
