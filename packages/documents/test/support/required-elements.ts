import type { Scenario } from '@chibo/scenario';
import { DOCUMENT_TYPES } from '@chibo/rules';
import { clockTime, longDate, monthYear, partyBodyName, placeFromName, upper, weekday } from '../../src';
import type { ScenarioDocument } from './scenario-documents';

type OrgNode = Scenario['org'];
interface ScenarioMember {
  id: string;
  name: string;
  status: string;
  roles?: string[];
}

function findOrg(root: OrgNode, code: string, parent: OrgNode | null = null): { org: OrgNode; parent: OrgNode | null } | undefined {
  if (root.code === code) return { org: root, parent };
  for (const child of root.children ?? []) {
    const found = findOrg(child as OrgNode, code, root);
    if (found) return found;
  }
  return undefined;
}

/**
 * What a reader must find in a document, derived from the scenario's facts (not from the golden file): the official
 * header, number, place and date, type name, signature, and what DOMAIN.md says each type carries — for the minutes,
 * everything the Bình Thuận template asks for. The HTML, PDF and DOCX tests check their text against this list.
 */
export function requiredElements(scenario: Scenario, doc: ScenarioDocument): string[] {
  const { org, parent } = findOrg(scenario.org, doc.org)!;
  const members = ((org as { members?: ScenarioMember[] }).members ?? []) as ScenarioMember[];
  const name = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const secretary = members.find((m) => m.roles?.includes('secretary'));
  const committee = org.kind === 'committee' ? org : parent;
  const place = placeFromName(committee?.name);
  const elements = [
    'ĐẢNG CỘNG SẢN VIỆT NAM',
    upper(org.name),
    doc.input.number,
    `${place}, ${longDate(doc.input.issuedAt)}`,
    (DOCUMENT_TYPES as Record<string, string>)[doc.input.type]!,
    ...(parent ? [partyBodyName(parent.name)] : []),
  ];
  const signature = [`T/M ${org.kind === 'cell' ? 'CHI BỘ' : 'ĐẢNG ỦY'}`, 'BÍ THƯ', ...(secretary ? [secretary.name] : []), 'Nơi nhận:'];
  const cell = scenario.cells[doc.org];
  const g = scenario.guidance;
  switch (`${org.kind}:${doc.input.type}`) {
    case 'cell:KH':
      return [...elements, ...signature, `Hướng dẫn số ${g.number}`, `“${cell!.plan!.topic}”`, monthYear(cell!.plan!.month)];
    case 'cell:TB': {
      const at = (doc.input.data as { sessionAt: string }).sessionAt;
      return [...elements, ...signature, `${clockTime(at)}, ${weekday(at)}, ${longDate(at)}`, ...(cell!.session?.place ? [cell!.session.place] : [])];
    }
    case 'cell:NQ':
      return [...elements, ...signature, 'QUYẾT NGHỊ', ...cell!.resolution!.decisions];
    case 'cell:BB': {
      const s = cell!.session!;
      const expect = scenario.expect?.cells[doc.org];
      const official = members.filter((m) => m.status === 'official').length;
      const probationary = members.filter((m) => m.status === 'probationary').length;
      return [
        ...elements,
        // time, place, chair, clerk
        `Vào lúc ${clockTime((doc.input.data as { session: { heldAt: string } }).session.heldAt)}`,
        ...(s.place ? [s.place] : []),
        `Chủ trì: đồng chí ${name(s.chair!)}`,
        `Thư ký: đồng chí ${name(s.clerk!)}`,
        // present/total with the official/probationary split
        `tổng số ${members.length} đồng chí (chính thức ${official}, dự bị ${String(probationary).padStart(2, '0')})`,
        ...(expect?.attendance ? [`có mặt ${expect.attendance.present}/${expect.attendance.eligible} đồng chí`] : []),
        // each absentee by name with the reason; guests; each speaker with what they said
        ...(s.absent ?? []).map((a) => `Đồng chí ${name(a.member)}: ${a.reason} (${a.excused ? 'có lý do' : 'không có lý do'})`),
        ...(s.guests ?? []).map((guest) => guest.name),
        ...(s.opinions ?? []).map((o) => `${name(o.by)}${members.some((m) => m.id === o.by) ? '' : ' (khách mời)'}: ${o.text}`),
        // conclusion, vote, rating, signatures of clerk and chair, the score sheet
        s.conclusion!,
        'BIỂU QUYẾT NGHỊ QUYẾT',
        ...(expect?.resolution === 'adopted' ? ['nghị quyết được thông qua'] : []),
        ...(expect?.rating ? [`xếp loại ${expect.rating}`] : []),
        'THƯ KÝ',
        'CHỦ TRÌ',
        'PHIẾU CHẤM ĐIỂM CHẤT LƯỢNG SINH HOẠT CHI BỘ',
      ];
    }
    case 'cell:BC': {
      const expect = scenario.expect?.cells[doc.org];
      return [...elements, ...signature, `Hướng dẫn số ${g.number}`, ...(expect?.rating ? [`xếp loại ${expect.rating}`] : []), 'Hồ sơ kèm theo', ...(expect?.documents?.['NQ'] && expect.documents['NQ'] !== 'any' ? [`Nghị quyết số ${expect.documents['NQ'].replace(/^Số /u, '')}`] : [])];
    }
    case 'committee:BC': {
      const expect = scenario.expect?.guidance;
      const cells = (org.children ?? []) as OrgNode[];
      return [
        ...elements,
        `T/M ĐẢNG ỦY`,
        'BÍ THƯ',
        'Nơi nhận:',
        `Kết quả thực hiện Hướng dẫn số ${g.number}`,
        ...(expect ? [`Đã báo cáo: ${String(expect.reported).padStart(2, '0')}/${String(cells.length).padStart(2, '0')} chi bộ`] : []),
        ...cells.map((c) => c.name),
        'KẾT QUẢ CỦA TỪNG CHI BỘ',
      ];
    }
    default:
      return elements;
  }
}

/** The text a reader sees in an HTML document: no tags, entities decoded, whitespace collapsed, NFC. */
export function htmlText(html: string): string {
  return normalizeText(
    html
      .replace(/<head>[\s\S]*?<\/head>/i, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&#x3D;/g, '=')
      .replace(/&#x60;/g, '`')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );
}

/** Whitespace collapsed and Unicode in NFC, so text from HTML, PDF and DOCX compares equal. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** The required elements a text lacks. */
export function missingFrom(text: string, elements: readonly string[]): string[] {
  const haystack = normalizeText(text);
  return elements.map(normalizeText).filter((element) => !haystack.includes(element));
}
