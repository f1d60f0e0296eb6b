import { Member, OrgUnit, ProcedureInstance, ScoreSheet, Score, SelfCriticismReview, SessionAttendance, SessionRecord } from '@chibo/db';
import type { Response } from 'supertest';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, type EngineFixture, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { addMember, ORG, PASSWORD } from '../support/fixture';

/**
 * A cell's year (issue 16, part A): year ratings by the committee's rule, consecutive absences, the committee's
 * overview (JSON, CSV, page), committee score sheets (validated, versioned, pinned by a procedure, a mark over the
 * sheet's maximum refused), and a member's own record with the follow-up of their self-criticism plan.
 */
describeEngine('a cell’s year', (kind) => {
  let t: EngineTestApp;
  let f: EngineFixture;
  let driver: EngineDriver;

  const api = (path: string) => `/api/v1${path}`;
  const issues = (response: Response) => (response.body as { issues: Array<{ path: string; rule: string }> }).issues.map(({ path, rule }) => ({ path, rule }));

  /** Writes the read side of a year of sessions of CB-A1 (as the engine would after each session). */
  async function seedYear(year: number, sessions: Array<{ rating: string | null; absent?: string[]; kind?: 'regular' | 'thematic'; day?: number; plans?: Record<string, { flagged: string[]; plan: string; at: string }> }>) {
    const cell = await t.ds.getRepository(OrgUnit).findOneByOrFail({ code: ORG.cellA1 });
    const members = await t.ds.getRepository(Member).find({ where: { orgId: cell.id } });
    const ids: string[] = [];
    for (const [i, s] of sessions.entries()) {
      const month = String(i + 1).padStart(2, '0');
      const heldAt = `${year}-${month}-${String(s.day ?? 10).padStart(2, '0')}T08:00:00.000Z`;
      const id = `seed:${ORG.cellA1}:${year}-${month}-${s.day ?? 10}`;
      ids.push(id);
      await t.ds.getRepository(ProcedureInstance).insert({
        id,
        businessKey: id,
        definitionKey: s.kind === 'thematic' ? 'thematic-session' : 'regular-session',
        definitionVersion: 1,
        orgId: cell.id,
        guidanceId: null,
        parentInstanceId: null,
        status: 'completed',
        version: 1,
        state: { facts: { plan: { topic: `Nội dung tháng ${i + 1}`, month: `${year}-${month}` }, ...(s.plans ? { selfCriticismPlans: s.plans } : {}) } },
        createdAt: heldAt,
        updatedAt: heldAt,
      });
      const record = await t.ds.getRepository(SessionRecord).save(
        t.ds.getRepository(SessionRecord).create({ instanceId: id, orgId: cell.id, heldAt, minutes: 100, place: null, online: false, chair: 'nga', clerk: 'm02', presenter: 'm02', present: 3, eligible: 3, total: 3, presentOfficial: 2, presentProbationary: 1, agenda: null, conclusion: 'Kết luận', assignments: i === 0 ? [{ to: 'm02', task: 'Chuẩn bị hội giảng' }] : [], combined: false }),
      );
      for (const m of members) {
        const absent = (s.absent ?? []).includes(m.code);
        await t.ds.getRepository(SessionAttendance).insert({ id: crypto.randomUUID(), sessionId: record.id, memberCode: m.code, memberName: m.name, present: !absent, reason: absent ? 'Đi công tác' : null, excused: absent });
      }
      if (s.rating) await t.ds.getRepository(Score).insert({ id: crypto.randomUUID(), instanceId: id, rubric: 'four-level', marks: null, total: null, rating: s.rating, capped: false, recordedAt: heldAt });
    }
    return ids;
  }

  async function signIn(login: string): Promise<string> {
    const response = await t.http().post('/dang-nhap').type('form').send(new URLSearchParams({ login, password: PASSWORD, next: '/viec-cua-toi' }).toString());
    expect(response.status).toBe(303);
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='));
    return cookie!.split(';')[0]!;
  }

  const SHEET = {
    kind: 'marks',
    title: 'Phiếu chấm điểm sinh hoạt chuyên đề của Đảng ủy khối',
    criteria: [
      { id: 'chuan-bi', label: 'Chuẩn bị', max: 10 },
      { id: 'tien-hanh', label: 'Tiến hành', max: 30 },
      { id: 'ket-qua', label: 'Kết quả', max: 10 },
    ],
    bands: [
      { rating: 'Kém', min: 0, max: 25 },
      { rating: 'Trung bình', min: 25, max: 35 },
      { rating: 'Khá', min: 35, max: 45 },
      { rating: 'Tốt', min: 45, max: 50 },
    ],
  };

  beforeAll(async () => {
    t = await startEngineApp(kind);
    f = await seedEngineFixture(t);
    driver = new EngineDriver(t, f);
    // 2021: eight Tốt and four Khá; Hùng (m02) absent from March to June (four in a row).
    await seedYear(2021, [
      { rating: 'Tốt' },
      { rating: 'Tốt' },
      { rating: 'Tốt', absent: ['m02'] },
      { rating: 'Khá', absent: ['m02'], kind: 'thematic' },
      { rating: 'Tốt', absent: ['m02'] },
      { rating: 'Khá', absent: ['m02'], plans: { nga: { flagged: ['2.5'], plan: 'Giữ gìn đoàn kết nội bộ, lắng nghe góp ý của đồng nghiệp', at: '2021-06-10T09:00:00.000Z' } } },
      { rating: 'Tốt' },
      { rating: 'Tốt' },
      { rating: 'Khá' },
      { rating: 'Tốt' },
      { rating: 'Khá' },
      { rating: 'Tốt' },
    ]);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('year ratings', () => {
    it('should rate CB-A1’s 2021 Tốt by the Phú Thọ default, with the sessions it came from and their HD 12 criteria', async () => {
      const response = await t.http().get(api(`/year-ratings/${ORG.cellA1}/2021`)).set(driver.auth('memberA1'));
      expectStatus(response, 200);
      const body = response.body as { rating: string; counts: Record<string, number>; reasons: string[]; sessions: Array<{ kind: string; rating: string; decisive: boolean; criteria: Array<{ id: string; met: boolean; why: string }> }>; ruleFrom: string | null };
      expect(body.rating).toBe('Tốt');
      expect(body.ruleFrom).toBeNull();
      expect(body.counts).toEqual({ Tốt: 8, Khá: 4, 'Trung bình': 0, Kém: 0 });
      expect(body.reasons).toContain('Có 8 buổi xếp loại Tốt (cần ít nhất 7)');
      expect(body.sessions).toHaveLength(12);
      expect(body.sessions.map((s) => s.kind).filter((k) => k === 'thematic')).toHaveLength(1);
      expect(body.sessions.filter((s) => s.decisive)).toHaveLength(8);
      const june = body.sessions[5]!;
      expect(june.criteria.find((c) => c.id === 'consecutive-absences')).toEqual(expect.objectContaining({ met: false, why: 'Trần Văn Hùng vắng 4 buổi liên tiếp' }));
      expect(june.criteria.find((c) => c.id === 'attendance')).toEqual(expect.objectContaining({ met: false, why: '2/3 đảng viên dự (66,7%)' }));
      expect(june.criteria.find((c) => c.id === 'duration')).toEqual(expect.objectContaining({ met: true, why: '100 phút' }));
      expect(body.sessions[0]!.criteria.every((c) => c.id === 'minutes-complete' || c.id === 'participation' || c.met)).toBe(true);
    });

    it('should name the member absent four sessions in a row (regular and thematic) in an absence-consecutive finding', async () => {
      const response = await t.http().get(api(`/year-ratings/${ORG.cellA1}/2021`)).set(driver.auth('committeeA'));
      expectStatus(response, 200);
      expect((response.body as { findings: unknown[] }).findings).toEqual([
        expect.objectContaining({ code: 'absence-consecutive', member: 'm02', name: 'Trần Văn Hùng', count: 4, detail: 'Đồng chí Trần Văn Hùng vắng mặt 4 buổi sinh hoạt liên tiếp (quá 3 buổi)' }),
      ]);
    });

    it('should refuse a year rating for a year with no sessions: 422 naming the field and the rule', async () => {
      const response = await t.http().get(api(`/year-ratings/${ORG.cellA1}/2019`)).set(driver.auth('secretaryA1'));
      expectStatus(response, 422);
      expect(issues(response)).toEqual([{ path: 'sessions', rule: 'year-without-sessions' }]);
      expect((response.body as { message: string }).message).toContain('không có buổi sinh hoạt nào trong năm 2019');
      // The cell's year page says it in its language, without the field's path or the rule's code.
      const cookie = await signIn('cap-uy-a');
      const pageVi = await t.http().get(`/xep-loai-nam/chi-bo/${ORG.cellA1}?nam=2019`).set('Cookie', cookie);
      expect(pageVi.status).toBe(422);
      expect(pageVi.text).toMatch(/Chi bộ [^<]+ không có buổi sinh hoạt nào trong năm 2019 nên không thể xếp loại năm\./);
      expect(pageVi.text).not.toMatch(/sessions: |year-without-sessions|Dữ liệu không hợp lệ —/);
      const pageEn = await t.http().get(`/xep-loai-nam/chi-bo/${ORG.cellA1}?nam=2019`).set('Cookie', `${cookie}; chibo_lang=en`);
      expect(pageEn.status).toBe(422);
      expect(pageEn.text).toMatch(/held no session in 2019, so its year cannot be rated\./);
      const bad = await t.http().get(api(`/year-ratings/${ORG.cellA1}/hai-nghin`)).set(driver.auth('secretaryA1'));
      expectStatus(bad, 422);
      expect(issues(bad)).toEqual([{ path: 'year', rule: 'year-range' }]);
      // A year is its four digits: what Number() would also read as 2021 or 2000 is not a year.
      for (const odd of ['0x7e5', '2e3', '%202021', '2021.0']) {
        const response = await t.http().get(api(`/year-ratings/${ORG.cellA1}/${odd}`)).set(driver.auth('secretaryA1'));
        expect({ odd, status: response.status, issues: issues(response) }).toEqual({ odd, status: 422, issues: [{ path: 'year', rule: 'year-range' }] });
      }
      const overview = await t.http().get(api(`/year-ratings?committee=${ORG.committeeA}&year=0x7e5`)).set(driver.auth('committeeA'));
      expectStatus(overview, 422);
      expect(issues(overview)).toEqual([{ path: 'year', rule: 'year-range' }]);
    });

    it('should hide a cell’s year from another tree', async () => {
      expectStatus(await t.http().get(api(`/year-ratings/${ORG.cellA1}/2021`)).set(driver.auth('secretaryB1')), 404);
    });

    it('should give the committee an overview of its cells, exportable as CSV, and a page with the ratings', async () => {
      const response = await t.http().get(api(`/year-ratings?committee=${ORG.committeeA}&year=2021`)).set(driver.auth('committeeA'));
      expectStatus(response, 200);
      const rows = (response.body as { rows: Array<{ code: string; rating: string | null; sessions: number; note: string; absenceFindings: number }> }).rows;
      expect(rows.map((r) => [r.code, r.rating, r.sessions, r.absenceFindings])).toEqual([
        [ORG.cellA1, 'Tốt', 12, 1],
        [ORG.cellA2, null, 0, 0],
      ]);
      expect(rows[1]!.note).toBe('Không có buổi sinh hoạt nào trong năm');

      const csv = await t.http().get(api(`/year-ratings?committee=${ORG.committeeA}&year=2021&format=csv`)).set(driver.auth('committeeA'));
      expectStatus(csv, 200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('Mã chi bộ,Chi bộ,Số buổi,Thường kỳ,Chuyên đề,Số buổi Tốt,Số buổi Khá,Số buổi Trung bình,Số buổi Kém,Xếp loại năm,Vắng liên tiếp,Ghi chú');
      expect(lines[1]!.startsWith('CB-A1,Chi bộ Trường THCS Ái Mộ,12,11,1,8,4,0,0,Tốt,1,')).toBe(true);
      expect(lines[2]).toBe('CB-A2,Chi bộ Trường Tiểu học Ngọc Lâm,0,0,0,0,0,0,0,,0,Không có buổi sinh hoạt nào trong năm');

      const cookie = await signIn('cap-uy-a');
      const page = await t.http().get(`/xep-loai-nam?don-vi=${ORG.committeeA}&nam=2021`).set('Cookie', cookie);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<tr data-cell="CB-A1">[\s\S]*?<span class="badge ok">Tốt<\/span>/);
      expect(page.text).toContain('Chưa xếp loại');
      const download = await t.http().get(`/xep-loai-nam/tai-xuong?don-vi=${ORG.committeeA}&nam=2021`).set('Cookie', cookie);
      expect(download.status).toBe(200);
      expect(download.text).toContain('CB-A1,Chi bộ Trường THCS Ái Mộ,12');
      const cellPage = await t.http().get(`/xep-loai-nam/chi-bo/${ORG.cellA1}?nam=2021`).set('Cookie', cookie);
      expect(cellPage.status).toBe(200);
      expect(cellPage.text).toContain('<span class="badge ok" id="year-rating">Tốt</span>');
      expect(cellPage.text).toContain('Đồng chí Trần Văn Hùng vắng mặt 4 buổi sinh hoạt liên tiếp (quá 3 buổi)');
      expect(cellPage.text).toMatch(/data-criterion="consecutive-absences"><th scope="row">[^<]+<\/th><td><span class="badge danger">Không đạt<\/span><\/td><td>Trần Văn Hùng vắng 4 buổi liên tiếp<\/td>/);
    });

    it('should show the overview’s notes, a cell’s reasons and its absences in the page’s language, and a 404 in it too', async () => {
      const cookie = await signIn('cap-uy-a');
      const note = (html: string, cell: string) => new RegExp(`<tr data-cell="${cell}">[\\s\\S]*?<td>([^<]*)</td>\\s*</tr>`).exec(html)?.[1];
      const reasons = (html: string) => [.../<ul class="reasons">([\s\S]*?)<\/ul>/.exec(html)![1]!.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
      const vi = await t.http().get(`/xep-loai-nam?don-vi=${ORG.committeeA}&nam=2021`).set('Cookie', cookie);
      const en = await t.http().get(`/xep-loai-nam?don-vi=${ORG.committeeA}&nam=2021`).set('Cookie', `${cookie}; chibo_lang=en`);
      // Vietnamese shows what it always did (the API's note); English its own words, not the Vietnamese sentences.
      expect([note(vi.text, ORG.cellA1), note(vi.text, ORG.cellA2)]).toEqual(['Có 8 buổi xếp loại Tốt (cần ít nhất 7); Mọi buổi đều xếp loại Khá trở lên', 'Không có buổi sinh hoạt nào trong năm']);
      expect([note(en.text, ORG.cellA1), note(en.text, ORG.cellA2)]).toEqual(['Sessions rated Tốt: 8 (at least 7 needed); Every session rated Khá or better', 'No sessions in the year']);
      const cellVi = await t.http().get(`/xep-loai-nam/chi-bo/${ORG.cellA1}?nam=2021`).set('Cookie', cookie);
      const cellEn = await t.http().get(`/xep-loai-nam/chi-bo/${ORG.cellA1}?nam=2021`).set('Cookie', `${cookie}; chibo_lang=en`);
      expect(reasons(cellVi.text)).toEqual(['12 buổi sinh hoạt đã xếp loại: 8 Tốt, 4 Khá, 0 Trung bình, 0 Kém', 'Có 8 buổi xếp loại Tốt (cần ít nhất 7)', 'Mọi buổi đều xếp loại Khá trở lên']);
      expect(reasons(cellEn.text)).toEqual(['Sessions rated: 12 (8 Tốt, 4 Khá, 0 Trung bình, 0 Kém)', 'Sessions rated Tốt: 8 (at least 7 needed)', 'Every session rated Khá or better']);
      expect(cellEn.text).toContain('Comrade Trần Văn Hùng was absent from 4 sessions in a row (more than 3)');
      const rating = (html: string) => /<section class="card" aria-labelledby="rating-h">[\s\S]*?<section class="card" aria-labelledby="findings-h">[\s\S]*?<\/section>/.exec(html)![0];
      expect(rating(cellEn.text)).not.toMatch(/buổi|vắng mặt|Đồng chí|cần ít nhất|trở lên|rated-counts|tot-enough|all-above-floor|\{\w+\}/);
      expect(rating(cellVi.text)).toContain('Đồng chí Trần Văn Hùng vắng mặt 4 buổi sinh hoạt liên tiếp (quá 3 buổi)');
      // Each session's HD 12 criteria too: Vietnamese as before, English in its words with the same figures.
      expect(cellVi.text).toMatch(/data-criterion="consecutive-absences"><th scope="row">Không có đảng viên vắng mặt quá 3 lần liên tiếp trong năm<\/th><td><span class="badge danger">Không đạt<\/span><\/td><td>Trần Văn Hùng vắng 4 buổi liên tiếp<\/td>/);
      expect(cellEn.text).toMatch(/data-criterion="consecutive-absences"><th scope="row">No member is absent more than 3 times in a row in the year<\/th><td><span class="badge danger">Not met<\/span><\/td><td>Trần Văn Hùng: absent from 4 sessions in a row<\/td>/);
      expect(cellEn.text).toContain('<td>2 of 3 members attended (66.7%)</td>');
      const criteria = /<section aria-labelledby="sessions-h">[\s\S]*<\/section>/.exec(cellEn.text)![0].replace(/Trần Văn Hùng|Lê Văn Bình|Ngô Thị Nga|Chi bộ Trường THCS Ái Mộ/g, '');
      expect(criteria).not.toMatch(/đảng viên|phút|biên bản|vắng|ý kiến/);
      // A cell that does not exist: 404 in the page's language, naming it.
      const missingVi = await t.http().get('/xep-loai-nam/chi-bo/CB-KHONG-CO?nam=2021').set('Cookie', cookie);
      const missingEn = await t.http().get('/xep-loai-nam/chi-bo/CB-KHONG-CO?nam=2021').set('Cookie', `${cookie}; chibo_lang=en`);
      expect([missingVi.status, missingEn.status]).toEqual([404, 404]);
      expect(missingVi.text).toContain('Không tìm thấy chi bộ CB-KHONG-CO');
      expect(missingEn.text).toContain('There is no cell CB-KHONG-CO you may see.');
      expect(missingEn.text).not.toMatch(/Không tìm thấy|unknown-cell|not-found/);
    });

    it('should follow the committee’s own rule (ten Tốt sessions), and refuse a rule that makes no sense without saving it', async () => {
      const bad = await t.http().put(api(`/year-rules/${ORG.committeeA}`)).set(driver.auth('committeeA')).send({ minTot: -2, totFloor: 'Xuất sắc' });
      expectStatus(bad, 422);
      expect(issues(bad)).toEqual([
        { path: 'rule.minTot', rule: 'non-negative-integer' },
        { path: 'rule.totFloor', rule: 'invalid-rating' },
      ]);
      expect((await t.http().get(api(`/year-rules/${ORG.cellA1}`)).set(driver.auth('committeeA'))).body).toEqual({ rule: { minTot: 7, totFloor: 'Khá', khaFloor: 'Trung bình', maxConsecutiveAbsences: 3 }, from: null });

      expectStatus(await t.http().put(api(`/year-rules/${ORG.committeeA}`)).set(driver.auth('secretaryA1')).send({ minTot: 10 }), 403);
      expectStatus(await t.http().put(api(`/year-rules/${ORG.committeeA}`)).set(driver.auth('committeeA')).send({ minTot: 10, maxConsecutiveAbsences: 4 }), 200);
      const rated = await t.http().get(api(`/year-ratings/${ORG.cellA1}/2021`)).set(driver.auth('committeeA'));
      expect((rated.body as { rating: string; ruleFrom: string; findings: unknown[] }).rating).toBe('Khá');
      expect((rated.body as { ruleFrom: string }).ruleFrom).toBe(ORG.committeeA);
      expect((rated.body as { findings: unknown[] }).findings).toEqual([]);
      expectStatus(await t.http().put(api(`/year-rules/${ORG.committeeA}`)).set(driver.auth('committeeA')).send({}), 200);
    });
    it('should refuse a rule asking more of a Khá year than of a Tốt one (Khá floor above the Tốt floor), on the API and the page, saving nothing', async () => {
      const inForce = async () => (await t.http().get(api(`/year-rules/${ORG.cellA1}`)).set(driver.auth('committeeA'))).body as unknown;
      const before = await inForce();
      const bad = await t.http().put(api(`/year-rules/${ORG.committeeA}`)).set(driver.auth('committeeA')).send({ totFloor: 'Trung bình', khaFloor: 'Tốt' });
      expectStatus(bad, 422);
      expect(issues(bad)).toEqual([{ path: 'rule.khaFloor', rule: 'floor-order' }]);
      expect(await inForce()).toEqual(before);
      expect((before as { rule: unknown }).rule).toEqual({ minTot: 7, totFloor: 'Khá', khaFloor: 'Trung bình', maxConsecutiveAbsences: 3 });
      const cookie = await signIn('cap-uy-a');
      const page = await t.http().get(`/xep-loai-nam?don-vi=${ORG.committeeA}&nam=2021`).set('Cookie', cookie);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const form = new URLSearchParams({ _csrf: csrf, org: ORG.committeeA, year: '2021', minTot: '7', totFloor: 'Trung bình', khaFloor: 'Tốt', maxConsecutiveAbsences: '3' }).toString();
      const vi = await t.http().post('/xep-loai-nam/quy-dinh').set('Cookie', cookie).type('form').send(form);
      expect(vi.status).toBe(422);
      expect(vi.text).toContain('<li>Mức thấp nhất của mọi buổi để năm xếp loại Khá (Tốt) không được cao hơn mức thấp nhất của mọi buổi để năm xếp loại Tốt (Trung bình).</li>');
      const en = await t.http().post('/xep-loai-nam/quy-dinh').set('Cookie', `${cookie}; chibo_lang=en`).type('form').send(form);
      expect(en.status).toBe(422);
      expect(en.text).toContain('<li>Lowest session rating for a Khá year (Tốt) cannot be higher than the lowest session rating for a Tốt year (Trung bình).</li>');
      expect(en.text).not.toMatch(/floor-order|rule\.khaFloor|“khaFloor”/);
      expect(await inForce()).toEqual(before);
    });

    it('should let the committee set its rule on the overview page, and answer a nonsensical one with 422, saving nothing', async () => {
      const cookie = await signIn('cap-uy-a');
      const page = await t.http().get(`/xep-loai-nam?don-vi=${ORG.committeeA}&nam=2021`).set('Cookie', cookie);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const form = (minTot: string) => new URLSearchParams({ _csrf: csrf, org: ORG.committeeA, year: '2021', minTot, totFloor: 'Khá', khaFloor: 'Trung bình', maxConsecutiveAbsences: '3' }).toString();
      const bad = await t.http().post('/xep-loai-nam/quy-dinh').set('Cookie', cookie).type('form').send(form('-1'));
      expect(bad.status).toBe(422);
      // Worded at the edge by the field's label, without the field's path, code or the rule's code.
      expect(bad.text).toContain('<li>Số buổi Tốt tối thiểu để năm xếp loại Tốt phải là số nguyên không âm.</li>');
      expect(bad.text).not.toMatch(/rule\.minTot|“minTot”|\(non-negative-integer\)/);
      const english = await t.http().post('/xep-loai-nam/quy-dinh').set('Cookie', `${cookie}; chibo_lang=en`).type('form').send(form('-1'));
      expect(english.status).toBe(422);
      expect(english.text).toContain('<li>Tốt sessions needed for a Tốt year must be a whole number, 0 or more.</li>');
      expect(english.text).not.toMatch(/rule\.minTot|\(non-negative-integer\)|phải là số nguyên/);
      expect(((await t.http().get(api(`/year-rules/${ORG.cellA1}`)).set(driver.auth('committeeA'))).body as { rule: { minTot: number } }).rule.minTot).toBe(7);
      const ok = await t.http().post('/xep-loai-nam/quy-dinh').set('Cookie', cookie).type('form').send(form('12'));
      expect(ok.status).toBe(303);
      const rated = await t.http().get(api(`/year-ratings/${ORG.cellA1}/2021`)).set(driver.auth('committeeA'));
      expect((rated.body as { rating: string }).rating).toBe('Khá');
      expectStatus(await t.http().put(api(`/year-rules/${ORG.committeeA}`)).set(driver.auth('committeeA')).send({}), 200);
    });
  });

  describe('committee score sheets', () => {
    it('should save a valid sheet as version 1, the same code again as version 2, and list them after the defaults', async () => {
      const first = await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'chuyen-de', appliesTo: 'thematic', sheet: SHEET });
      expectStatus(first, 201);
      expect(first.body).toEqual(expect.objectContaining({ ref: 'DU-KHOI-A/chuyen-de@1', version: 1, appliesTo: 'thematic', latest: true }));
      const second = await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'chuyen-de', appliesTo: 'thematic', sheet: { ...SHEET, title: 'Phiếu chuyên đề (sửa đổi)' } });
      expectStatus(second, 201);
      expect((second.body as { ref: string }).ref).toBe('DU-KHOI-A/chuyen-de@2');
      const list = await t.http().get(api(`/score-sheets?org=${ORG.cellA1}`)).set(driver.auth('secretaryA1'));
      expectStatus(list, 200);
      expect((list.body as Array<{ ref: string; latest: boolean }>).map((s) => [s.ref, s.latest])).toEqual([
        ['phu-tho-100', true],
        ['binh-thuan-100', true],
        ['four-level', true],
        ['DU-KHOI-A/chuyen-de@2', true],
        ['DU-KHOI-A/chuyen-de@1', false],
      ]);
    });

    it.each([
      ['a gap between two bands', [{ rating: 'Kém', min: 0, max: 25 }, { rating: 'Tốt', min: 30, max: 50 }], 'sheet.bands[1].min', 'bands-gap'],
      ['overlapping bands', [{ rating: 'Kém', min: 0, max: 30 }, { rating: 'Tốt', min: 25, max: 50 }], 'sheet.bands[1].min', 'bands-overlap'],
      ['bands that stop short of the maximum', [{ rating: 'Kém', min: 0, max: 25 }, { rating: 'Tốt', min: 25, max: 45 }], 'sheet.bands[1].max', 'bands-end'],
    ])('should refuse a sheet with %s: 422 naming the field and the rule, nothing saved', async (_name, bands, path, rule) => {
      const before = await t.ds.getRepository(ScoreSheet).count();
      const response = await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'hong', sheet: { ...SHEET, bands } });
      expectStatus(response, 422);
      expect(issues(response)).toEqual([{ path, rule }]);
      expect(await t.ds.getRepository(ScoreSheet).count()).toBe(before);
    });

    it('should refuse a sheet with two criteria of one name: 422 naming the criterion and the rule, nothing saved', async () => {
      const before = await t.ds.getRepository(ScoreSheet).count();
      const criteria = [{ id: 'noi-dung', label: 'Nội dung', max: 20 }, { id: 'noi-dung-2', label: 'nội dung', max: 30 }];
      const response = await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'hong', sheet: { ...SHEET, criteria } });
      expectStatus(response, 422);
      expect(issues(response)).toEqual([{ path: 'sheet.criteria[1].label', rule: 'duplicate-label' }]);
      expect(await t.ds.getRepository(ScoreSheet).count()).toBe(before);
    });

    it('should refuse a sheet with a field it does not have: 422 naming the field and the rule, nothing saved', async () => {
      const before = await t.ds.getRepository(ScoreSheet).count();
      const response = await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'hong', sheet: { ...SHEET, note: 'ghi chú', criteria: [{ ...SHEET.criteria[0], weight: 2 }, ...SHEET.criteria.slice(1)] } });
      expectStatus(response, 422);
      expect(issues(response)).toEqual([{ path: 'sheet.note', rule: 'unknown-field' }, { path: 'sheet.criteria[0].weight', rule: 'unknown-field' }]);
      expect(await t.ds.getRepository(ScoreSheet).count()).toBe(before);
    });

    it('should refuse a direct-rating sheet listing a rating twice: 422 naming the entry and the rule, nothing saved', async () => {
      const before = await t.ds.getRepository(ScoreSheet).count();
      const response = await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'hong', sheet: { kind: 'rating', title: 'Xếp loại trực tiếp', ratings: ['Tốt', 'Khá', 'Tốt'] } });
      expectStatus(response, 422);
      expect(issues(response)).toEqual([{ path: 'sheet.ratings[2]', rule: 'duplicate-choice' }]);
      expect(await t.ds.getRepository(ScoreSheet).count()).toBe(before);
    });

    it('should let only a committee save a sheet', async () => {
      expectStatus(await t.http().post(api('/score-sheets')).set(driver.auth('secretaryA1')).send({ org: ORG.cellA1, code: 'chi-bo', sheet: SHEET }), 403);
      expectStatus(await t.http().post(api('/score-sheets')).set(driver.auth('committeeB')).send({ org: ORG.committeeA, code: 'khac', sheet: SHEET }), 404);
    });

    it('should score a session with the sheet its procedure pinned, refuse a mark over the sheet’s maximum, and keep the pinned version when a new one comes', async () => {
      const unknown = await t.http().post(api('/procedures')).set(driver.auth('committeeA')).send({ owner: ORG.committeeA, base: { key: 'thematic-session' }, sheet: 'DU-KHOI-A/chuyen-de@9' });
      expectStatus(unknown, 422);
      expect(issues(unknown)).toEqual([{ path: 'sheet', rule: 'unknown-sheet' }]);

      const composed = await t.http().post(api('/procedures')).set(driver.auth('committeeA')).send({ owner: ORG.committeeA, base: { key: 'thematic-session' }, sheet: 'DU-KHOI-A/chuyen-de@1' });
      expectStatus(composed, 201);
      const score = (composed.body as { steps: Array<{ id: string; params: Record<string, unknown> }> }).steps.find((s) => s.id === 'score')!;
      expect(score.params).toEqual(expect.objectContaining({ rubric: 'DU-KHOI-A/chuyen-de@1', sheet: { ref: 'DU-KHOI-A/chuyen-de@1', definition: SHEET } }));
      expectStatus(await t.http().post(api(`/procedures/${(composed.body as { id: string }).id}/publish`)).set(driver.auth('committeeA')), 200);

      const { number } = await driver.issueGuidance({ cells: [ORG.cellA1] });
      const instanceId = driver.cellInstanceId(ORG.cellA1, number);
      await driver.driveCellA1(instanceId, 'score');
      // A third version after the session started: the running instance keeps version 1.
      expectStatus(await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'chuyen-de', sheet: { ...SHEET, criteria: [{ id: 'tong-the', label: 'Tổng thể', max: 50 }] } }), 201);
      const taskId = await driver.openTask(instanceId, 'score');
      const page = await t.http().get(`/nhiem-vu/${encodeURIComponent(taskId)}`).set('Cookie', await signIn('nga'));
      expect(page.status).toBe(200);
      expect(page.text).toContain('Tiến hành');
      expect(page.text).not.toContain('Kết thúc');
      const over = await driver.submitRequest('secretaryA1', taskId, { marks: { 'chuan-bi': 12, 'tien-hanh': 30, 'ket-qua': 10 } });
      expectStatus(over, 422);
      expect(issues(over)).toEqual([{ path: 'marks.chuan-bi', rule: 'max' }]);
      await driver.settle();
      expect(await t.ds.getRepository(Score).count({ where: { instanceId } })).toBe(0);
      expectStatus(await driver.submitRequest('secretaryA1', taskId, { marks: { 'chuan-bi': 10, 'tien-hanh': 28, 'ket-qua': 9 } }), 201);
      await driver.settle();
      const state = await t.http().get(api(`/instances/${encodeURIComponent(instanceId)}/state`)).set(driver.auth('admin'));
      expect((state.body as { facts: { score: unknown } }).facts.score).toEqual({ rubric: 'DU-KHOI-A/chuyen-de@1', marks: { 'chuan-bi': 10, 'tien-hanh': 28, 'ket-qua': 9 }, total: 47, rating: 'Tốt', capped: false });
      // The session's dossier shows its HD 12 criteria and the sheet it was scored with.
      const dossier = await t.http().get(`/ho-so/${encodeURIComponent(instanceId)}`).set('Cookie', await signIn('nga'));
      expect(dossier.status).toBe(200);
      expect(dossier.text).toMatch(/data-criterion="duration"><th scope="row">[^<]+<\/th><td><span class="badge ok">Đạt<\/span><\/td><td>120 phút<\/td>/);
      expect(dossier.text).toMatch(/data-criterion="minutes-complete"><th scope="row">[^<]+<\/th><td><span class="badge danger">Không đạt<\/span><\/td><td>Chưa có biên bản<\/td>/);
      expect(dossier.text).toContain('Phiếu chấm điểm sinh hoạt chuyên đề của Đảng ủy khối');
    });
  });

  describe('min-marks conditions on a committee sheet (ADR 0036)', () => {
    const TIEN_HANH = { kind: 'min-marks', rating: 'Tốt', criterion: 'tien-hanh', min: 27, otherwise: 'Khá' };

    it.each([
      ['a criterion the sheet does not have', { criterion: 'noi-dung' }, 'sheet.conditions[0].criterion', 'unknown-criterion'],
      ['more marks than the criterion’s maximum', { min: 31 }, 'sheet.conditions[0].min', 'max'],
      ['negative marks', { min: -1 }, 'sheet.conditions[0].min', 'min'],
      ['a cap that is not lower than the rating', { otherwise: 'Tốt' }, 'sheet.conditions[0].otherwise', 'not-lower'],
      ['a rating that is not a rating', { rating: 'Xuất sắc' }, 'sheet.conditions[0].rating', 'invalid-rating'],
    ])('should refuse a condition with %s: 422 naming the field and the rule, nothing saved', async (_name, change, path, rule) => {
      const before = await t.ds.getRepository(ScoreSheet).count();
      const response = await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'dieu-kien', sheet: { ...SHEET, conditions: [{ ...TIEN_HANH, ...change }] } });
      expectStatus(response, 422);
      expect(issues(response)).toEqual([{ path, rule }]);
      expect(await t.ds.getRepository(ScoreSheet).count()).toBe(before);
    });

    it('should refuse a cap at a rating the sheet’s bands never give', async () => {
      const bands = [{ rating: 'Kém', min: 0, max: 35 }, { rating: 'Khá', min: 35, max: 45 }, { rating: 'Tốt', min: 45, max: 50 }];
      const response = await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'dieu-kien', sheet: { ...SHEET, bands, conditions: [{ ...TIEN_HANH, otherwise: 'Trung bình' }] } });
      expectStatus(response, 422);
      expect(issues(response)).toEqual([{ path: 'sheet.conditions[0].otherwise', rule: 'not-in-sheet' }]);
    });

    it('should score a session on a sheet with two conditions, keep which one capped it, and show the reason in the dossier', async () => {
      const sheet = { ...SHEET, conditions: [TIEN_HANH, { kind: 'min-marks', rating: 'Khá', criterion: 'chuan-bi', min: 5, otherwise: 'Trung bình' }] };
      const saved = await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'dieu-kien', appliesTo: 'thematic', sheet });
      expectStatus(saved, 201);
      expect((saved.body as { ref: string; sheet: unknown }).sheet).toEqual(sheet);
      const composed = await t.http().post(api('/procedures')).set(driver.auth('committeeA')).send({ owner: ORG.committeeA, base: { key: 'thematic-session' }, sheet: 'DU-KHOI-A/dieu-kien@1' });
      expectStatus(composed, 201);
      expectStatus(await t.http().post(api(`/procedures/${(composed.body as { id: string }).id}/publish`)).set(driver.auth('committeeA')), 200);

      const { number } = await driver.issueGuidance({ cells: [ORG.cellA1] });
      const instanceId = driver.cellInstanceId(ORG.cellA1, number);
      await driver.driveCellA1(instanceId, 'score');
      const taskId = await driver.openTask(instanceId, 'score');
      expectStatus(await driver.submitRequest('secretaryA1', taskId, { marks: { 'chuan-bi': 10, 'tien-hanh': 26, 'ket-qua': 10 } }), 201);
      await driver.settle();
      const state = await t.http().get(api(`/instances/${encodeURIComponent(instanceId)}/state`)).set(driver.auth('admin'));
      expect((state.body as { facts: { score: unknown } }).facts.score).toEqual({
        rubric: 'DU-KHOI-A/dieu-kien@1',
        marks: { 'chuan-bi': 10, 'tien-hanh': 26, 'ket-qua': 10 },
        total: 46,
        rating: 'Khá',
        capped: true,
        cappedBy: [{ criterion: 'tien-hanh', min: 27, rating: 'Tốt', otherwise: 'Khá', mark: 26 }],
      });
      expect(await t.ds.getRepository(Score).findOneByOrFail({ instanceId })).toEqual(expect.objectContaining({ rating: 'Khá', capped: true }));
      const dossier = await t.http().get(`/ho-so/${encodeURIComponent(instanceId)}`).set('Cookie', await signIn('nga'));
      expect(dossier.status).toBe(200);
      expect(dossier.text).toContain('<li>Tiêu chí “Tiến hành” đạt 26/30 điểm, chưa đủ 27 điểm để xếp loại Tốt.</li>');
    });
  });

  describe('a member’s own record', () => {
    it('should show the member their attendance, assignments, presentations and the findings about them', async () => {
      const response = await t.http().get(api(`/member-records/${ORG.cellA1}/m02?year=2021`)).set(driver.auth('memberA1'));
      expectStatus(response, 200);
      const body = response.body as { attendance: unknown; assignments: unknown[]; presentations: unknown[]; findings: Array<{ count: number }>; canReview: boolean };
      expect(body.attendance).toEqual({ held: 12, present: 8, absentExcused: 4, absentUnexcused: 0 });
      expect(body.assignments).toEqual([expect.objectContaining({ task: 'Chuẩn bị hội giảng', day: '10/01/2021' })]);
      expect(body.presentations).toHaveLength(12);
      expect(body.findings.map((x) => x.count)).toEqual([4]);
      expect(body.canReview).toBe(false);
    });

    it('should be visible to the member and their secretary only', async () => {
      expectStatus(await t.http().get(api(`/member-records/${ORG.cellA1}/m02?year=2021`)).set(driver.auth('secretaryA1')), 200);
      expectStatus(await t.http().get(api(`/member-records/${ORG.cellA1}/nga?year=2021`)).set(driver.auth('memberA1')), 404);
      expectStatus(await t.http().get(api(`/member-records/${ORG.cellA1}/m02?year=2021`)).set(driver.auth('secretaryA2')), 404);
    });

    it('should show the member’s absence run on their record page in the page’s language', async () => {
      const cookie = await signIn('nga');
      const vi = await t.http().get(`/dang-vien/${ORG.cellA1}/m02?nam=2021`).set('Cookie', cookie);
      const en = await t.http().get(`/dang-vien/${ORG.cellA1}/m02?nam=2021`).set('Cookie', `${cookie}; chibo_lang=en`);
      expect([vi.status, en.status]).toEqual([200, 200]);
      expect(vi.text).toMatch(/<li class="finding" data-code="[^"]*">Đồng chí [^<]+ vắng mặt 4 buổi sinh hoạt liên tiếp \(quá 3 buổi\)<\/li>/);
      expect(en.text).toMatch(/<li class="finding" data-code="[^"]*">Comrade [^<]+ was absent from 4 sessions in a row \(more than 3\)<\/li>/);
      expect(en.text).not.toContain('buổi sinh hoạt liên tiếp');
    });

    it('should keep the plan text and let the secretary mark it reviewed at a later session, refusing an earlier one', async () => {
      const record = await t.http().get(api(`/member-records/${ORG.cellA1}/nga?year=2021`)).set(driver.auth('secretaryA1'));
      const plans = (record.body as { plans: Array<{ instanceId: string; plan: string; flagged: string[]; review: unknown }>; sessions: Array<{ instanceId: string }> }).plans;
      expect(plans).toEqual([expect.objectContaining({ plan: 'Giữ gìn đoàn kết nội bộ, lắng nghe góp ý của đồng nghiệp', flagged: ['2.5'], review: null })]);
      const sessions = (record.body as { sessions: Array<{ instanceId: string }> }).sessions;
      const earlier = await t.http().post(api('/self-criticism-reviews')).set(driver.auth('secretaryA1')).send({ cell: ORG.cellA1, member: 'nga', instanceId: plans[0]!.instanceId, reviewedIn: sessions[2]!.instanceId });
      expectStatus(earlier, 422);
      expect(issues(earlier)).toEqual([{ path: 'reviewedIn', rule: 'later-session' }]);
      expect(await t.ds.getRepository(SelfCriticismReview).count()).toBe(0);
      expectStatus(await t.http().post(api('/self-criticism-reviews')).set(driver.auth('memberA1')).send({ cell: ORG.cellA1, member: 'm02', instanceId: plans[0]!.instanceId }), 403);

      const cookie = await signIn('nga');
      const page = await t.http().get(`/dang-vien/${ORG.cellA1}/nga?nam=2021`).set('Cookie', cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Kế hoạch: Giữ gìn đoàn kết nội bộ, lắng nghe góp ý của đồng nghiệp');
      expect(page.text).toContain('Chưa kiểm điểm việc thực hiện');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      // An earlier session refused on the page in its language, without the field's path or the rule's code.
      const early = (lang: string) => t.http().post(`/dang-vien/${ORG.cellA1}/nga/xem-lai?nam=2021`).set('Cookie', `${cookie}${lang}`).type('form')
        .send(new URLSearchParams({ _csrf: csrf, instanceId: plans[0]!.instanceId, reviewedIn: sessions[2]!.instanceId }).toString());
      const refusedVi = await early('');
      expect(refusedVi.status).toBe(422);
      expect(refusedVi.text).toContain('Việc kiểm điểm kế hoạch khắc phục phải ở một buổi sinh hoạt sau buổi lập kế hoạch, của cùng chi bộ.');
      expect(refusedVi.text).not.toMatch(/reviewedIn|later-session|Dữ liệu không hợp lệ —/);
      const refusedEn = await early('; chibo_lang=en');
      expect(refusedEn.status).toBe(422);
      expect(refusedEn.text).toContain('A remedial plan is reviewed at a later session of the same cell than the one that made it.');
      const posted = await t.http().post(`/dang-vien/${ORG.cellA1}/nga/xem-lai?nam=2021`).set('Cookie', cookie).type('form')
        .send(new URLSearchParams({ _csrf: csrf, instanceId: plans[0]!.instanceId, reviewedIn: sessions[8]!.instanceId, note: 'Đã tiến bộ rõ' }).toString());
      expect(posted.status).toBe(303);
      const after = await t.http().get(`/dang-vien/${ORG.cellA1}/nga?nam=2021`).set('Cookie', cookie);
      expect(after.text).toContain('Đã kiểm điểm việc thực hiện</span> tại buổi sinh hoạt ngày 10/09/2021: Đã tiến bộ rõ');
    });
  });

  describe('score sheet page', () => {
    it('should save a sheet from the form, and answer a gap with 422 and the rule, saving nothing', async () => {
      const cookie = await signIn('cap-uy-a');
      const page = await t.http().get(`/phieu-cham-diem?don-vi=${ORG.committeeA}`).set('Cookie', cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('DU-KHOI-A/chuyen-de@2');
      expect(page.text).toContain('Chỉ xếp loại Tốt khi đạt điểm tối đa ở: attendance, duration, participation, minutes (nếu không: Khá)');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const form = (bands: string) =>
        new URLSearchParams({ _csrf: csrf, org: ORG.committeeA, code: 'thuong-ky', title: 'Phiếu thường kỳ', appliesTo: 'regular', criteria: 'chuan-bi | Chuẩn bị | 20\nket-qua | Kết quả | 30', bands, fullMarks: 'ket-qua' }).toString();
      const before = await t.ds.getRepository(ScoreSheet).count();
      const bad = await t.http().post('/phieu-cham-diem').set('Cookie', cookie).type('form').send(form('Kém | 0 | 20\nTốt | 25 | 50'));
      expect(bad.status).toBe(422);
      // Worded at the edge (ADR 0034): the entry's name, not the field path, and no raw rule code.
      expect(bad.text).toContain('Khung điểm 2: Các khung điểm bỏ trống từ 20 đến dưới 25 điểm.');
      expect(bad.text).not.toContain('bands-gap');
      const english = await t.http().post('/phieu-cham-diem').set('Cookie', `${cookie}; chibo_lang=en`).type('form').send(form('Kém | 0 | 20\nTốt | 25 | 50'));
      expect(english.status).toBe(422);
      expect(english.text).toContain('Band 2: The bands leave a gap from 20 to below 25 marks.');
      expect(await t.ds.getRepository(ScoreSheet).count()).toBe(before);
      const ok = await t.http().post('/phieu-cham-diem').set('Cookie', cookie).type('form').send(form('Kém | 0 | 25\nKhá | 25 | 45\nTốt | 45 | 50'));
      expect(ok.status).toBe(303);
      expect(ok.headers['location']).toContain('da-luu=DU-KHOI-A%2Fthuong-ky%401');
    });
  });

  describe('score sheet page: min-marks conditions', () => {
    it('should show a sheet’s conditions, fill the form to edit it, refuse a bad condition with 422 and save a good one as the next version', async () => {
      const cookie = await signIn('cap-uy-a');
      const page = await t.http().get(`/phieu-cham-diem?don-vi=${ORG.committeeA}&sua=${encodeURIComponent('DU-KHOI-A/dieu-kien@1')}`).set('Cookie', cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<li>Chỉ xếp loại Tốt khi tiêu chí “Tiến hành” đạt từ 27/30 điểm (nếu không: Khá)</li>');
      expect(page.text).toContain('<li>Chỉ xếp loại Khá khi tiêu chí “Chuẩn bị” đạt từ 5/10 điểm (nếu không: Trung bình)</li>');
      expect(page.text).toContain('Đang sửa DU-KHOI-A/dieu-kien@1');
      expect(page.text).toMatch(/<textarea id="f-min" name="minMarks"[^>]*>Tốt \| tien-hanh \| 27 \| Khá\nKhá \| chuan-bi \| 5 \| Trung bình<\/textarea>/);
      expect(page.text).toContain('value="dieu-kien"');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const form = (minMarks: string) =>
        new URLSearchParams({
          _csrf: csrf, org: ORG.committeeA, code: 'dieu-kien', title: SHEET.title, appliesTo: 'thematic',
          criteria: 'chuan-bi | Chuẩn bị | 10\ntien-hanh | Tiến hành | 30\nket-qua | Kết quả | 10',
          bands: 'Kém | 0 | 25\nTrung bình | 25 | 35\nKhá | 35 | 45\nTốt | 45 | 50', fullMarks: '', minMarks,
        }).toString();
      const before = await t.ds.getRepository(ScoreSheet).count();
      const bad = await t.http().post('/phieu-cham-diem').set('Cookie', cookie).type('form').send(form('Tốt | tien-hanh | 32 | Khá'));
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('Điều kiện 1: Số điểm tối thiểu 32 vượt quá điểm tối đa 30 của tiêu chí “Tiến hành”');
      expect(bad.text).toContain('Tốt | tien-hanh | 32 | Khá</textarea>');
      expect(await t.ds.getRepository(ScoreSheet).count()).toBe(before);
      const ok = await t.http().post('/phieu-cham-diem').set('Cookie', cookie).type('form').send(form('Tốt | tien-hanh | 28,5 | Khá'));
      expect(ok.status).toBe(303);
      expect(ok.headers['location']).toContain('da-luu=DU-KHOI-A%2Fdieu-kien%402');
      const saved = await t.http().get(api(`/score-sheets?org=${ORG.committeeA}`)).set(driver.auth('committeeA'));
      const v2 = (saved.body as Array<{ ref: string; sheet: { conditions?: unknown } }>).find((x) => x.ref === 'DU-KHOI-A/dieu-kien@2');
      expect(v2?.sheet.conditions).toEqual([{ kind: 'min-marks', rating: 'Tốt', criterion: 'tien-hanh', min: 28.5, otherwise: 'Khá' }]);
      const english = await t.http().get(`/phieu-cham-diem?don-vi=${ORG.committeeA}`).set('Cookie', `${cookie}; chibo_lang=en`);
      expect(english.text).toContain('Tốt only with at least 28.5/30 on “Tiến hành” (otherwise Khá)');
    });
  });

  it('should count a member added later only from when they are on the roster', async () => {
    // A late member has no attendance rows before joining: the year's figures stay those of the sessions held.
    await addMember(t.ds, ORG.cellA1, 'm09', 'Vũ Thị Mai', 'official');
    const response = await t.http().get(api(`/year-ratings/${ORG.cellA1}/2021`)).set(driver.auth('secretaryA1'));
    expect((response.body as { findings: Array<{ member: string }> }).findings.map((x) => x.member)).toEqual(['m02']);
  });
});
