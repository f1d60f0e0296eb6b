import { implementIssues, implementForm } from '@chibo/plugin-guidance';
import { planIssues } from '@chibo/plugin-regular-session';
import { parseVi, type InstanceContext, type StepContext } from '@chibo/procedure';
import { resolveYearRule, validateScoreSheet, type Rating, type YearRuleError } from '@chibo/rules';
import { z } from 'zod';
import { passwordIssues } from '../../auth/auth.service';
import { parseWithIssues } from '../../common/zod-issues';
import type { ValidationError } from '../../common/errors';
import { parseMemberCsv } from '../../members/member-csv';
import { ScoreSheetsService } from '../../year/score-sheets.service';
import { issueInWords, issueKeys, issueLines, issuesInWords, pluginOfStep, type IssueLike } from './issue-words';

describe('field issues worded at the edge', () => {
  const elapsed = { path: 'minutes', rule: 'longer-than-elapsed', message: 'Buổi sinh hoạt mới bắt đầu được 10 phút; không thể ghi thời lượng 120 phút', params: { elapsed: 10, minutes: 120 } };

  it.each([
    ['vi', 'Buổi sinh hoạt mới bắt đầu được 10 phút; không thể ghi thời lượng 120 phút.'],
    ['en', 'The session began only 10 minutes ago; it cannot have lasted 120 minutes.'],
  ] as const)('should word a step’s rule with its numbers from the plugin’s words in %s', (lang, message) => {
    expect(issueInWords(elapsed, lang, { plugin: 'thematic' })).toEqual({ ...elapsed, message });
  });

  it('should word a value of the data through the dictionaries (a role as its name) and keep names as given', () => {
    const absent = { path: 'clerk', rule: 'member-absent', message: 'Thư ký: đồng chí Trần Thị Nhung vắng mặt trong buổi sinh hoạt', params: { role: 'clerk', name: 'Trần Thị Nhung' } };
    expect(issueInWords(absent, 'en', { plugin: 'thematic' }).message).toBe('Clerk: Trần Thị Nhung was absent from the session.');
    expect(issueInWords(absent, 'vi', { plugin: 'thematic' }).message).toBe('Thư ký: đồng chí Trần Thị Nhung vắng mặt trong buổi sinh hoạt.');
  });

  it('should keep the core’s message when no words exist for the rule, or the words need data the issue lacks', () => {
    const unknown = { path: 'x', rule: 'no-such-rule', message: 'Thông điệp của lõi', params: { n: 1 } };
    expect(issueInWords(unknown, 'en')).toBe(unknown);
    // The thematic words name {role}: an issue without it keeps its own message rather than showing "{role}".
    const bare = { path: 'assignee', rule: 'unknown-member', message: 'Không có đảng viên “m99” trong chi bộ', params: { member: 'm99' } };
    expect(issueInWords(bare, 'en', { plugin: 'thematic' })).toBe(bare);
    // Another plugin's words are not looked up: the rule codes are the plugin's own.
    expect(issueInWords(elapsed, 'en', { plugin: 'self-criticism' })).toBe(elapsed);
    const noRule = { path: 'csv', message: 'Dòng 3: thiếu mã' };
    expect(issueInWords(noRule, 'en')).toBe(noRule);
  });

  it('should keep a schema’s own Vietnamese (naming the field) and word its limit in English', () => {
    const topic = z.object({ topic: z.string().trim().min(3, 'Chủ đề cần ít nhất 3 ký tự') });
    const parsed = parseVi(topic, { topic: 'ab' });
    if (parsed.success) throw new Error('should fail');
    expect(parsed.issues).toEqual([{ path: 'topic', rule: 'too_small', message: 'Chủ đề cần ít nhất 3 ký tự', params: { origin: 'string', minimum: 3 } }]);
    expect(issuesInWords(parsed.issues, 'vi')[0]!.message).toBe('Chủ đề cần ít nhất 3 ký tự');
    expect(issuesInWords(parsed.issues, 'en')[0]!.message).toBe('Must be at least 3 characters long');
  });

  it.each([
    [z.object({ n: z.number().int().min(1) }), { n: 0 }, 'Phải lớn hơn hoặc bằng 1', 'Must be 1 or more'],
    [z.object({ n: z.number().positive() }), { n: 0 }, 'Phải lớn hơn 0', 'Must be more than 0'],
    [z.object({ n: z.number().max(120) }), { n: 121 }, 'Phải nhỏ hơn hoặc bằng 120', 'Must be 120 or less'],
    [z.object({ s: z.string().min(1) }), { s: '' }, 'Không được để trống', 'Must not be empty'],
    [z.object({ s: z.string().max(50) }), { s: 'x'.repeat(51) }, 'Chỉ được có tối đa 50 ký tự', 'Must be at most 50 characters long'],
    [z.object({ a: z.array(z.string()).min(2) }), { a: ['x'] }, 'Phải có ít nhất 2 phần tử', 'Must have at least 2 entries'],
    [z.object({ n: z.number() }), {}, 'Bắt buộc phải có', 'Required'],
    [z.object({ n: z.number() }), { n: 'x' }, 'Phải là số, nhận được chuỗi ký tự', 'Must be a number'],
    [z.object({ e: z.enum(['a', 'b']) }), { e: 'c' }, 'Phải là một trong các giá trị: a, b', 'Must be one of: a, b'],
  ])('should word a step form’s default limit in Vietnamese in the core and in English at the edge (%#)', (schema, input, vi, en) => {
    const parsed = parseVi(schema as z.ZodType, input);
    if (parsed.success) throw new Error('should fail');
    expect(parsed.issues[0]!.message).toBe(vi);
    expect(issueInWords(parsed.issues[0]!, 'vi').message).toBe(vi);
    expect(issueInWords(parsed.issues[0]!, 'en').message).toBe(en);
  });

  it('should word the API’s own names for the same rules, and a custom rule with its data', () => {
    const parsed = parseWithIssues(z.strictObject({ number: z.string().max(50), cells: z.array(z.string()).superRefine((cells, ctx) => ctx.addIssue({ code: 'custom', path: [1], message: `Chi bộ ${cells[1]} được liệt kê hai lần`, params: { rule: 'duplicate', cell: cells[1] } })) }), {
      number: 'x'.repeat(51),
      cells: ['cb-a', 'cb-b', 'cb-b'],
    });
    if (parsed.success) throw new Error('should fail');
    expect(parsed.issues).toEqual([
      { path: 'number', rule: 'max', message: 'Chỉ được có tối đa 50 ký tự', params: { origin: 'string', maximum: 50 } },
      { path: 'cells[1]', rule: 'duplicate', message: 'Chi bộ cb-b được liệt kê hai lần', params: { cell: 'cb-b' } },
    ]);
    expect(issuesInWords(parsed.issues, 'en').map((i) => i.message)).toEqual(['Must be at most 50 characters long', 'Cell cb-b is listed twice.']);
    expect(issuesInWords(parsed.issues, 'vi').map((i) => i.message)).toEqual(['Chỉ được có tối đa 50 ký tự', 'Chi bộ cb-b được liệt kê hai lần.']);
  });

  it('should look a task’s words up in its step’s plugin first, then in the app’s', () => {
    expect(pluginOfStep('thematic:hold-session@1')).toBe('thematic');
    expect(pluginOfStep('no-namespace')).toBeUndefined();
    expect(issueKeys({ path: 'minutes', rule: 'longer-than-elapsed', message: '' }, 'thematic')).toEqual(['thematic.rule.longer-than-elapsed', 'rule.longer-than-elapsed']);
    expect(issueKeys({ path: 'n', rule: 'too_small', message: '', params: { origin: 'number', minimum: 0, exclusive: 1 } }, 'thematic')).toEqual(['thematic.rule.too_small', 'rule.min.number.exclusive', 'rule.min']);
  });

  describe('the areas added after ADR 0034 (its addendum)', () => {
    const words = (issues: Parameters<typeof issuesInWords>[0], plugin: string) => ({
      vi: issuesInWords(issues, 'vi', { plugin }).map((i) => i.message),
      en: issuesInWords(issues, 'en', { plugin }).map((i) => i.message),
    });

    it('should word the guidance `implement` step’s rules with the parent’s number, the deadline’s name and dates as dd/mm/yyyy', () => {
      const ctx = {
        context: { guidance: { number: '06-ĐA/HU', issuedOn: '2019-04-01', sessionBy: '2019-06-30', reportBy: '2019-07-20' } },
        now: '2019-05-02T03:00:00.000Z',
        hasAddable: (alias: string) => alias === 'self-criticism',
        hasRubric: () => false,
      } as unknown as Pick<StepContext<unknown, unknown>, 'context' | 'now' | 'hasAddable' | 'hasRubric'>;
      const input = implementForm.parse({ number: '04-HD/ĐU', issuedOn: '2019-05-02', title: 'Thực hiện', reportBy: '2019-07-25', addSteps: ['tu-phe-binh'] });
      const issues = implementIssues(ctx, input);
      expect(issues.map((i) => i.rule)).toEqual(['outside-parent-deadline', 'unknown-step']);
      // The API's message (the core's) is Vietnamese with dd/mm/yyyy and “ ” quotes; the data stays as typed.
      expect(issues[0]).toEqual({ path: 'reportBy', rule: 'outside-parent-deadline', message: 'Hạn báo cáo (25/07/2019) phải trong thời hạn của hướng dẫn 06-ĐA/HU (20/07/2019)', params: { deadline: 'reportBy', date: '2019-07-25', parent: '06-ĐA/HU', limit: '2019-07-20' } });
      expect(words(issues, 'guidance')).toEqual({
        vi: ['Hạn báo cáo (25/07/2019) phải trong thời hạn của hướng dẫn 06-ĐA/HU (20/07/2019).', 'Không có bước “tu-phe-binh” trong các plugin đang bật.'],
        en: ['The report deadline (25/07/2019) must be within the deadline of guidance 06-ĐA/HU (20/07/2019).', 'There is no step “tu-phe-binh” among the enabled plugins.'],
      });
    });

    it('should word the year plan’s rules with months as mm/yyyy, and name the topic on the calendar page', () => {
      const context = { org: { code: 'CB', name: 'Chi bộ', kind: 'cell', members: [{ id: 'm01', name: 'Ngô Thị Nga', status: 'official' }] } } as unknown as InstanceContext;
      const issues = planIssues(context, 2026, [{ topic: 'Học tập', month: '2026-03' }, { topic: 'Chuyển đổi số', month: '2027-01' }, { topic: 'An ninh', month: '2026-05', preparer: 'm99' }]);
      expect(issues.map((i) => i.message)).toEqual(['Tháng 01/2027 không thuộc năm 2026 của kế hoạch', 'Không có đảng viên “m99” trong chi bộ']);
      expect(words(issues, 'year')).toEqual({
        vi: ['Tháng 01/2027 không thuộc năm 2026.', 'Không có đảng viên “m99” trong chi bộ.'],
        en: ['01/2027 is not in 2026.', 'There is no member “m99” in the cell.'],
      });
      expect(issueLines(issues, 'vi', { plugin: 'year' }, { topics: 'calendar.issue.topic' })).toEqual(['Chuyên đề 2: Tháng 01/2027 không thuộc năm 2026.', 'Chuyên đề 3: Không có đảng viên “m99” trong chi bộ.']);
    });

    it('should word a committee’s score sheet checks with their numbers, and keep the core’s message for rules with several', () => {
      const issues = validateScoreSheet({
        kind: 'marks',
        title: 'Phiếu',
        criteria: [{ id: 'chuan-bi', label: 'Chuẩn bị', max: 20 }, { id: 'chuan-bi', label: 'Kết quả', max: 30 }, { id: 'x', label: '', max: 0 }],
        bands: [{ rating: 'Kém', min: 0, max: 20 }, { rating: 'Tốt', min: 25, max: 50 }],
      });
      const byRule = (rule: string) => issues.filter((i) => i.rule === rule);
      expect(words(byRule('duplicate'), 'sheet')).toEqual({ vi: ['Mã tiêu chí “chuan-bi” bị trùng.'], en: ['The criterion code “chuan-bi” is used twice.'] });
      expect(words(byRule('required'), 'sheet').vi).toEqual(['Tiêu chí cần có tên']);
      const gap = validateScoreSheet({ kind: 'marks', title: 'Phiếu', criteria: [{ id: 'a', label: 'A', max: 50 }], bands: [{ rating: 'Kém', min: 0, max: 20 }, { rating: 'Tốt', min: 25, max: 50 }] });
      expect(gap).toEqual([{ path: 'bands[1].min', rule: 'bands-gap', message: 'Các khung điểm bỏ trống từ 20 đến dưới 25 điểm', params: { from: 20, to: 25 } }]);
      expect(issueLines(gap, 'en', { plugin: 'sheet' }, { bands: 'sheets.issue.band' })).toEqual(['Band 2: The bands leave a gap from 20 to below 25 marks.']);
    });

    it('should word a criterion named twice and a field a sheet does not have, and a date the calendar does not have in the year plan', () => {
      const sheet = validateScoreSheet({ kind: 'marks', title: 'Phiếu', criteria: [{ id: 'a', label: 'Nội dung', max: 20 }, { id: 'b', label: 'nội dung', max: 30 }], bands: [{ rating: 'Tốt', min: 0, max: 50 }] });
      expect(words(sheet, 'sheet')).toEqual({ vi: ['Tên tiêu chí “nội dung” bị trùng.'], en: ['The criterion name “nội dung” is used twice.'] });
      const odd = validateScoreSheet({ kind: 'marks', title: 'Phiếu', criteria: [{ id: 'a', label: 'A', max: 50 }], bands: [{ rating: 'Tốt', min: 0, max: 50, colour: 'xanh' }] });
      expect(words(odd, 'sheet')).toEqual({ vi: ['Phiếu chấm điểm không có trường “colour”.'], en: ['A score sheet has no field “colour”.'] });
      const context = { org: { code: 'CB', name: 'Chi bộ', kind: 'cell', members: [] } } as unknown as InstanceContext;
      const plan = planIssues(context, 2026, [{ topic: 'Học tập', month: '2026-02', date: '2026-02-30' }]);
      expect(words(plan, 'year')).toEqual({ vi: ['Ngày 30/02/2026 không có trong lịch.'], en: ['There is no such date as 30/02/2026.'] });
    });

    it('should word the member CSV import’s row and file rules, with “ ” quotes and the code and row they name', () => {
      const parsed = parseMemberCsv('code,name,status,roles\nnga,Ngô Thị Nga,official,\nnga,Ngô Thị Nga 2,retired,thu-ky');
      if (parsed.ok) throw new Error('should fail');
      const row3 = parsed.rows.find((r) => r.row === 3)!.issues;
      expect(row3.map((i) => i.message)).toEqual([
        'Mã nga bị trùng với dòng 2',
        'Tình trạng “retired” không hợp lệ; dùng official (chính thức), probationary (dự bị), exempt (miễn sinh hoạt) hoặc suspended (đình chỉ)',
        'Chức vụ “thu-ky” không hợp lệ; dùng secretary (Bí thư), deputy-secretary (Phó Bí thư) hoặc committee (chi ủy viên)',
      ]);
      expect(words(row3, 'import')).toEqual({
        vi: ['Mã nga bị trùng với dòng 2.', row3[1]!.message, row3[2]!.message],
        en: ['The code nga is already on row 2.', '“retired” is not valid; use one of: official, probationary, exempt, suspended.', '“thu-ky” is not valid; use one of: secretary, deputy-secretary, committee.'],
      });
      const header = parseMemberCsv('code,ten\nx,y');
      if (header.ok) throw new Error('should fail');
      expect(words(header.issues, 'import')).toEqual({
        vi: ['Cột “ten” không được hỗ trợ; các cột: code, name, status, roles.', 'Thiếu cột “name”.', 'Thiếu cột “status”.'],
        en: ['The column “ten” is not supported; the columns are: code, name, status, roles.', 'The column “name” is missing.', 'The column “status” is missing.'],
      });
    });

    it('should word the account’s password rules, its own words before the generic limits', () => {
      const short = passwordIssues('ngan', 'nga', 'newPassword');
      expect(short).toEqual([{ path: 'newPassword', rule: 'min', message: expect.stringMatching(/^Mật khẩu cần ít nhất \d+ ký tự$/), params: { origin: 'string', minimum: expect.any(Number) } }]);
      const minimum = short[0]!.params!['minimum'];
      expect(words(short, 'account')).toEqual({ vi: [`Mật khẩu cần ít nhất ${minimum} ký tự`], en: [`The password needs at least ${minimum} characters.`] });
      const login = passwordIssues('mat-khau-cua-nga-rat-dai', 'nga', 'newPassword');
      expect(words(login, 'account')).toEqual({ vi: ['Mật khẩu không được chứa tên đăng nhập.'], en: ['The password must not contain the login name.'] });
    });
  });
  describe('the areas of the second pass (ADR 0034 addendum)', () => {
    const words = (issues: Parameters<typeof issuesInWords>[0], plugin: string) => ({
      vi: issuesInWords(issues, 'vi', { plugin }).map((i) => i.message),
      en: issuesInWords(issues, 'en', { plugin }).map((i) => i.message),
    });
    const both = (issues: Parameters<typeof issueLines>[0], plugin?: string) => ({
      vi: issueLines(issues, 'vi', plugin ? { plugin } : {}),
      en: issueLines(issues, 'en', plugin ? { plugin } : {}),
    });
    const raw = /minTot|khaFloor|rule\.|\(non-negative-integer\)|\(invalid-rating\)|«|»/;

    it('should word the year rule form’s refusals by the field’s label, never its code or path', () => {
      let issues: YearRuleError['issues'] = [];
      try {
        resolveYearRule({ minTot: -1, khaFloor: 'Xuất sắc' as Rating });
      } catch (error) {
        issues = (error as YearRuleError).issues;
      }
      expect(issues.map((i) => [i.path, i.rule, i.params])).toEqual([
        ['rule.minTot', 'non-negative-integer', { field: 'minTot' }],
        ['rule.khaFloor', 'invalid-rating', { field: 'khaFloor', values: 'Tốt, Khá, Trung bình, Kém' }],
      ]);
      const lines = both(issues, 'yearRule');
      expect(lines).toEqual({
        vi: ['Số buổi Tốt tối thiểu để năm xếp loại Tốt phải là số nguyên không âm.', 'Mức thấp nhất của mọi buổi để năm xếp loại Khá phải là một trong: Tốt, Khá, Trung bình, Kém.'],
        en: ['Tốt sessions needed for a Tốt year must be a whole number, 0 or more.', 'Lowest session rating for a Khá year must be one of: Tốt, Khá, Trung bình, Kém.'],
      });
      expect([...lines.vi, ...lines.en].join(' ')).not.toMatch(raw);
    });

    it('should word a score sheet reference the guidance form or a procedure refuses, with the sheet it names', async () => {
      const service = new ScoreSheetsService(null as never, null as never);
      const refused = await service.resolveRef({} as never, 'thuong-ky', 'sheet').then(
        () => [],
        (error: unknown) => (error as ValidationError).issues,
      );
      expect(refused).toEqual([{ path: 'sheet', rule: 'sheet-ref', message: expect.stringContaining('“<đơn vị>/<mã>@<phiên bản>”'), params: { sheet: 'thuong-ky' } }]);
      expect(both(refused).en).toEqual(['A score sheet is written “<unit>/<code>@<version>”, e.g. “DU-KHOI-A/thuong-ky@2”.']);
      // The shapes `guidanceSheet` throws (the integration test posts them): data only, kinds worded at the edge.
      const meant = { path: 'rubric', rule: 'applies-to', message: 'Phiếu chấm điểm “DU-KHOI-A/thuong-ky@1” dành cho sinh hoạt thường kỳ, không dùng cho sinh hoạt chuyên đề', params: { sheet: 'DU-KHOI-A/thuong-ky@1', meantFor: 'regular', sessionKind: 'thematic' } };
      const hidden = { path: 'rubric', rule: 'not-visible', message: '…', params: { sheet: 'DU-KHOI-B/rieng@1', org: 'Đảng ủy Khối A' } };
      expect(both([meant, hidden])).toEqual({
        vi: ['Phiếu chấm điểm “DU-KHOI-A/thuong-ky@1” dành cho sinh hoạt thường kỳ, không dùng cho sinh hoạt chuyên đề.', 'Phiếu chấm điểm “DU-KHOI-B/rieng@1” không thuộc Đảng ủy Khối A hay cấp ủy cấp trên, nên Đảng ủy Khối A không dùng được.'],
        en: ['The score sheet “DU-KHOI-A/thuong-ky@1” is meant for regular sessions, not for thematic sessions.', 'The score sheet “DU-KHOI-B/rieng@1” belongs neither to Đảng ủy Khối A nor to a committee above it, so Đảng ủy Khối A cannot use it.'],
      });
    });

    it('should word the CSV import’s missing and malformed values by the column they are about', () => {
      const parsed = parseMemberCsv(`code,name,status\n,Ngô Thị Nga,official\nnga,${'x'.repeat(301)},`);
      if (parsed.ok) throw new Error('should fail');
      const issues = parsed.rows.flatMap((r) => r.issues);
      expect(issues.map((i) => [i.rule, i.params])).toEqual([
        ['required', { field: 'code' }],
        ['format', { format: 'member-name' }],
        ['required', { field: 'status' }],
      ]);
      expect(words(issues, 'import')).toEqual({
        vi: ['Thiếu mã đảng viên', 'Họ tên quá dài hoặc có ký tự không hợp lệ', 'Thiếu tình trạng đảng viên'],
        en: ['The member code is missing.', 'This is not a valid full name (not too long, no characters that are not allowed).', 'The membership status is missing.'],
      });
    });

    it('should word the members’, org units’ and member record’s rules in both languages', () => {
      const issues: IssueLike[] = [
        { path: 'code', rule: 'not-a-cell', message: 'DU-KHOI-A là đảng ủy; đảng viên thuộc về chi bộ', params: { org: 'DU-KHOI-A' } },
        { path: 'parent', rule: 'parent-not-committee', message: 'CB-A1 là chi bộ; chỉ đảng ủy mới có đơn vị trực thuộc', params: { parent: 'CB-A1' } },
        { path: 'instanceId', rule: 'no-plan', message: 'Đồng chí Ngô Thị Nga không có kế hoạch khắc phục ở buổi sinh hoạt này', params: { name: 'Ngô Thị Nga' } },
        { path: 'reviewedIn', rule: 'later-session', message: 'Việc kiểm điểm kế hoạch khắc phục phải ở một buổi sinh hoạt sau buổi lập kế hoạch, của cùng chi bộ' },
      ];
      const lines = both(issues);
      expect(lines).toEqual({
        vi: ['DU-KHOI-A là đảng ủy; đảng viên thuộc về chi bộ.', 'CB-A1 là chi bộ; chỉ đảng ủy mới có đơn vị trực thuộc.', 'Đồng chí Ngô Thị Nga không có kế hoạch khắc phục ở buổi sinh hoạt này.', 'Việc kiểm điểm kế hoạch khắc phục phải ở một buổi sinh hoạt sau buổi lập kế hoạch, của cùng chi bộ.'],
        en: ['DU-KHOI-A is a party committee; members belong to a cell.', 'CB-A1 is a cell; only a party committee has units under it.', 'Comrade Ngô Thị Nga has no remedial plan from this session.', 'A remedial plan is reviewed at a later session of the same cell than the one that made it.'],
      });
      expect(lines.en.join(' ')).not.toMatch(/instanceId|reviewedIn|later-session|no-plan/);
    });
  });
});
