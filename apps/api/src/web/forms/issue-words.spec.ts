import { checkTemplateShape, closeNoticeSandbox, TemplateSandbox, TemplateTimeoutError, validateNoticeOverride } from '@chibo/documents';
import { duplicateGuidance, NotFoundError as EngineNotFound } from '@chibo/host';
import { implementIssues, implementForm } from '@chibo/plugin-guidance';
import { planIssues, summarise, type YearFact } from '@chibo/plugin-regular-session';
import { parseVi, type InstanceContext, type StepContext } from '@chibo/procedure';
import { assessSessionQuality, computeAttendance, consecutiveAbsenceFindings, rateYear, resolveYearRule, validateScoreSheet, type Rating, type YearRuleError, type YearSession } from '@chibo/rules';
import { z } from 'zod';
import { passwordIssues } from '../../auth/auth.service';
import { parseWithIssues } from '../../common/zod-issues';
import { ConflictError, NotFoundError, unknownCell, type ValidationError } from '../../common/errors';
import { toDomainError } from '../../engine/engine-errors.interceptor';
import { parseMemberCsv } from '../../members/member-csv';
import { ScoreSheetsService } from '../../year/score-sheets.service';
import { absenceInWords, criterionInWords, groundsInWords } from '../../year/year-words';
import { translate } from '../i18n/i18n';
import { errorInWords, errorIssue, issueInWords, issueKeys, issueLines, issuesInWords, pluginOfStep, type IssueLike } from './issue-words';

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
      const twice = validateScoreSheet({ kind: 'rating', title: 'Xếp loại', ratings: ['Tốt', 'Tốt'] });
      expect(words(twice, 'sheet')).toEqual({ vi: ['Mức xếp loại “Tốt” được kê hai lần.'], en: ['The rating “Tốt” is listed twice.'] });
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

  describe('the third pass: templates, year grounds, 404 and 409 (ADR 0034 addendum)', () => {
    // Vietnamese letters: an English page shows none outside names the data carries (ratings, a member's name).
    const vietnamese = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
    const ratings = /Tốt|Khá|Trung bình|Kém/g;
    const words = (issues: readonly IssueLike[], plugin?: string) => ({
      vi: issuesInWords(issues, 'vi', plugin ? { plugin } : {}).map((i) => i.message),
      en: issuesInWords(issues, 'en', plugin ? { plugin } : {}).map((i) => i.message),
    });

    describe('notice templates', () => {
      const sandbox = new TemplateSandbox(2_000);
      const sample = { recipientName: 'Nguyen Van An', title: 'Notice', event: { when: '08:00' } };
      afterAll(async () => {
        await sandbox.close();
        await closeNoticeSandbox();
      });
      const raw = /template-syntax|unknown-helper|unclosed|invalid-tag|mismatched|Expecting|INVALID|EOF|CLOSE|rule\.|\{(?:line|near|token|helper|max|seconds|open|close)\}/;

      it('should word a syntax error by its line, the line’s text and the problem, in both languages', async () => {
        const issues = await validateNoticeOverride({ subject: 'Meeting {{#if title}}at {{event.when}}', text: 'Dear {{recipientName}\nbye', html: '<p>{{#if title}}x{{/each}}</p>' }, [sample], sandbox);
        expect(issues.map((i) => [i.path, i.rule, i.params?.['problem']])).toEqual([
          ['subject', 'template-syntax', 'unclosed-block'],
          ['text', 'template-syntax', 'invalid-tag'],
          ['html', 'template-syntax', 'mismatched-block'],
        ]);
        const lines = words(issues, 'template');
        expect(lines).toEqual({
          vi: [
            'Lỗi cú pháp Handlebars ở dòng 1 (“Meeting {{#if title}}at {{event.when}}”): khối {{#…}} chưa được đóng bằng {{/…}}.',
            'Lỗi cú pháp Handlebars ở dòng 1 (“Dear {{recipientName}”): thẻ {{…}} viết chưa đúng (thiếu “}}” hay có ký tự không hợp lệ?).',
            'Khối {{#if}} lại được đóng bằng {{/each}}.',
          ],
          en: [
            'Handlebars syntax error on line 1 (“Meeting {{#if title}}at {{event.when}}”): a block {{#…}} is not closed with {{/…}}.',
            'Handlebars syntax error on line 1 (“Dear {{recipientName}”): a tag {{…}} is not written correctly (a missing “}}” or a character that is not allowed?).',
            'The block {{#if}} is closed by {{/each}}.',
          ],
        });
        // The core's (the API's) message is Vietnamese words too, not the parser's.
        expect(issues[0]!.message).toBe(lines.vi[0]!.slice(0, -1));
        expect([...lines.vi, ...lines.en].join(' ')).not.toMatch(raw);
        expect(lines.en.join(' ')).not.toMatch(vietnamese);
      });

      it('should word an unknown helper and the size, nesting and time limits with their numbers', async () => {
        const helper = await validateNoticeOverride({ text: 'Dear {{upper recipientName}}' }, [sample], sandbox);
        const deep = checkTemplateShape(`${'{{#if title}}'.repeat(41)}x${'{{/if}}'.repeat(41)}`);
        const many = checkTemplateShape('{{title}}'.repeat(5_001));
        const slow = new TemplateTimeoutError(2_000).issue;
        const issues = [...helper, ...deep, ...many, slow];
        expect(issues.map((i) => [i.rule, i.params])).toEqual([
          ['unknown-helper', { helper: 'upper', line: 1 }],
          ['too-deep', { max: 40, line: 1 }],
          ['too-many-tags', { max: 5_000, line: 1 }],
          ['too-slow', { seconds: 2 }],
        ]);
        const lines = words(issues, 'template');
        expect(lines).toEqual({
          vi: [
            'Mẫu thông báo không có hàm trợ giúp “upper”: chỉ dùng được #if, #unless, #each, #with và lookup.',
            'Các khối {{#…}} lồng nhau quá sâu (dòng 1): tối đa 40 cấp.',
            'Mẫu có quá nhiều thẻ {{…}}: tối đa 5000.',
            'Mẫu chạy quá 2 giây khi dựng thử (vòng lặp {{#each}} lồng nhau quá nhiều?): hãy đơn giản hóa mẫu.',
          ],
          en: [
            'Notice templates have no helper “upper”: only #if, #unless, #each, #with and lookup can be used.',
            'Blocks {{#…}} are nested too deep (line 1): at most 40 levels.',
            'The template has too many {{…}} tags: at most 5000.',
            'The template ran longer than 2 s when tried on the sample (too many nested {{#each}} loops?): simplify it.',
          ],
        });
        expect([...lines.vi, ...lines.en].join(' ')).not.toMatch(raw);
        expect(lines.en.join(' ')).not.toMatch(vietnamese);
      });
    });

    describe('a year’s rating and its consecutive absences', () => {
      const held = (month: number, rating: Rating | null, absent: string[] = []): YearSession => ({
        id: `inst-${month}`,
        kind: month % 2 ? 'regular' : 'thematic',
        heldAt: `2026-${String(month).padStart(2, '0')}-10T19:30:00+07:00`,
        rating,
        absent,
        title: `${month % 2 ? 'Thường kỳ' : 'Chuyên đề'} 10/${String(month).padStart(2, '0')}/2026`,
      });
      const sessions = [held(1, 'Tốt', ['hung']), held(2, 'Tốt', ['hung']), held(3, 'Trung bình', ['hung']), held(4, 'Tốt', ['hung']), held(5, null)];

      it('should word the grounds in Vietnamese exactly as the rules wrote them, and in English from their data', () => {
        const rated = rateYear(sessions);
        expect(groundsInWords(rated.grounds, 'vi')).toEqual(rated.reasons);
        expect(rated.reasons).toEqual([
          '4 buổi sinh hoạt đã xếp loại: 3 Tốt, 0 Khá, 1 Trung bình, 0 Kém',
          '1 buổi chưa chấm điểm, không tính vào xếp loại năm',
          'Chỉ có 3 buổi xếp loại Tốt, chưa đủ 7 buổi để năm xếp loại Tốt',
          '1 buổi xếp loại dưới Khá: Thường kỳ 10/03/2026 (Trung bình)',
        ]);
        const en = groundsInWords(rated.grounds, 'en');
        expect(en).toEqual([
          'Sessions rated: 4 (3 Tốt, 0 Khá, 1 Trung bình, 0 Kém)',
          'Sessions not yet scored: 1, not counted in the year’s rating',
          'Sessions rated Tốt: only 3, fewer than the 7 a Tốt year needs',
          'Sessions rated below Khá: 1 — Regular 10/03/2026 (Trung bình)',
        ]);
        expect(en.join(' ').replace(ratings, '')).not.toMatch(vietnamese);
        // The overview's note is the grounds after the counts; a Kém year says why it is not Khá.
        const kem = rateYear([held(1, 'Kém'), held(2, 'Tốt')], { minTot: 1 });
        expect(groundsInWords(kem.grounds.slice(1), 'en')).toEqual(['Sessions rated Tốt: 1 (at least 1 needed)', 'Sessions rated below Khá: 1 — Regular 10/01/2026 (Kém)', 'Sessions rated below Trung bình: 1, so the year is not Khá']);
        expect(groundsInWords(kem.grounds, 'vi')).toEqual(kem.reasons);
      });

      it('should record the grounds as data in the year fact, and show a fact recorded before that (sentences only) as it is', () => {
        const context = { org: { code: 'CB', name: 'Chi bộ', kind: 'cell', members: [{ id: 'hung', name: 'Trần Văn Hùng', status: 'official' }] } } as unknown as InstanceContext;
        const fact: YearFact = summarise(sessions, context, {});
        expect(fact.reasons).toEqual(fact.grounds!.map((g) => g.message));
        expect(groundsInWords(fact.grounds ?? fact.reasons, 'en')[0]).toBe('Sessions rated: 4 (3 Tốt, 0 Khá, 1 Trung bình, 0 Kém)');
        expect(absenceInWords(fact.absences[0]!, 'en')).toBe('Comrade Trần Văn Hùng was absent from 4 sessions in a row (more than 3)');
        // A fact from before: sentences, and absences without their limit.
        const old = { reasons: ['Có 8 buổi xếp loại Tốt (cần ít nhất 7)'], absences: [{ member: 'hung', name: 'Trần Văn Hùng', count: 4, sessions: [], detail: 'Đồng chí Trần Văn Hùng vắng mặt 4 buổi sinh hoạt liên tiếp (quá 3 buổi)' }] } as Pick<YearFact, 'reasons' | 'grounds' | 'absences'>;
        expect(groundsInWords(old.grounds ?? old.reasons, 'en')).toEqual(['Có 8 buổi xếp loại Tốt (cần ít nhất 7)']);
        expect(absenceInWords(old.absences[0]!, 'en')).toBe(old.absences[0]!.detail);
      });

      it('should word a consecutive-absence finding by name, or by code when the roster has no name', () => {
        const [named] = consecutiveAbsenceFindings(sessions, { roster: [{ id: 'hung', name: 'Trần Văn Hùng' }] });
        expect(absenceInWords(named!, 'vi')).toBe(named!.detail);
        expect(absenceInWords(named!, 'en')).toBe('Comrade Trần Văn Hùng was absent from 4 sessions in a row (more than 3)');
        const [unnamed] = consecutiveAbsenceFindings(sessions);
        expect(absenceInWords(unnamed!, 'vi')).toBe('Đảng viên “hung” vắng mặt 4 buổi sinh hoạt liên tiếp (quá 3 buổi)');
        expect(absenceInWords(unnamed!, 'en')).toBe('Member “hung” was absent from 4 sessions in a row (more than 3)');
      });

      it('should word a session’s HD 12 criteria and why, Vietnamese as the rules and the API wrote them', () => {
        const roster = [{ id: 'nga', name: 'Ngô Thị Nga', status: 'official' as const }, { id: 'hung', name: 'Trần Văn Hùng', status: 'official' as const }, { id: 'an', name: 'Lê An', status: 'official' as const }];
        const attendance = computeAttendance(roster, [{ member: 'hung', excused: false }]);
        const quality = assessSessionQuality({ attendance, minutes: 130, combined: true, opinions: 2, consecutiveAbsences: { hung: 4 } });
        // The API's `because` for these figures (see YearRatingsService): a case, its numbers, one item per member.
        const because: Record<string, { case: string; params: Record<string, string | number>; items?: Array<Record<string, string | number>> }> = {
          attendance: { case: 'rate', params: { present: 2, eligible: 3, rate: 66.7 } },
          'no-unexcused-absence': { case: 'some', params: { names: 'Trần Văn Hùng' } },
          'consecutive-absences': { case: 'some', params: {}, items: [{ name: 'Trần Văn Hùng', count: 4 }] },
          duration: { case: 'minutes', params: { minutes: 130 } },
          participation: { case: 'opinions', params: { opinions: 2 } },
          'minutes-complete': { case: 'none', params: {} },
        };
        const whyVi: Record<string, string> = { attendance: '2/3 đảng viên dự (66,7%)', 'no-unexcused-absence': 'Vắng không lý do: Trần Văn Hùng', 'consecutive-absences': 'Trần Văn Hùng vắng 4 buổi liên tiếp', duration: '130 phút', participation: '2 ý kiến phát biểu', 'minutes-complete': 'Chưa có biên bản' };
        const criteria = quality.criteria.map((c) => ({ ...c, why: whyVi[c.id]!, because: because[c.id]! }));
        expect(criteria.map((c) => criterionInWords(c, 'vi'))).toEqual(criteria.map((c) => ({ label: c.label, why: c.why })));
        const en = criteria.map((c) => criterionInWords(c, 'en'));
        expect(en).toEqual([
          { label: 'More than 85% of the members attend (members exempt or suspended not counted)', why: '2 of 3 members attended (66.7%)' },
          { label: 'No member is absent without a reason', why: 'Absent without a reason: Trần Văn Hùng' },
          { label: 'No member is absent more than 3 times in a row in the year', why: 'Trần Văn Hùng: absent from 4 sessions in a row' },
          { label: 'The session lasts at least 120 minutes (a regular and a thematic session held together)', why: '130 minutes' },
          { label: 'Members speak and give their opinions', why: 'Opinions given: 2' },
          { label: 'The minutes are complete and as prescribed', why: 'No minutes yet' },
        ]);
        expect(en.flatMap((c) => [c.label, c.why]).join(' ').replace(/Trần Văn Hùng/g, '')).not.toMatch(vietnamese);
      });

      it('should word why a year has no rating (the overview’s note)', () => {
        const none = [{ code: 'no-sessions', params: {}, message: 'Không có buổi sinh hoạt nào trong năm' }, { code: 'year-without-rated-sessions', params: {}, message: 'Chưa có buổi sinh hoạt nào của năm được chấm điểm, xếp loại' }];
        expect(groundsInWords(none, 'vi')).toEqual(none.map((g) => g.message));
        expect(groundsInWords(none, 'en')).toEqual(['No sessions in the year', 'No session of the year has been scored and rated yet']);
      });
    });

    describe('404 and 409 on web pages', () => {
      it('should word the engine’s 404 and 409 of issuing a guidance with the cell, number and date they name', () => {
        const duplicate = toDomainError(duplicateGuidance({ number: '27-HD/ĐU', issuedOn: '2022-03-16', issuer: 'DU-KHOI-A' })) as ConflictError;
        const outside = toDomainError(new EngineNotFound('Chi bộ CB-X không thuộc DU-KHOI-A', { rule: 'cell-not-in-scope', params: { cell: 'CB-X', issuer: 'DU-KHOI-A' } })) as NotFoundError;
        expect([duplicate.statusCode, duplicate.code, outside.statusCode, outside.code]).toEqual([409, 'duplicate', 404, 'not-found']);
        // The API's message stays the Vietnamese one; the page words the refusal in its language.
        expect([errorInWords(duplicate, 'vi'), errorInWords(outside, 'vi')]).toEqual(['Hướng dẫn 27-HD/ĐU ngày 2022-03-16 của DU-KHOI-A đã được ban hành', 'Chi bộ CB-X không thuộc DU-KHOI-A']);
        expect([errorInWords(duplicate, 'en'), errorInWords(outside, 'en')]).toEqual(['Guidance 27-HD/ĐU of 16/03/2022 by DU-KHOI-A has already been issued.', 'The cell CB-X is not under DU-KHOI-A.']);
        // On the guidance form they are issues of its fields, worded there in both languages.
        expect(words([errorIssue(duplicate, 'number'), errorIssue(outside, 'cells')])).toEqual({
          vi: ['Hướng dẫn 27-HD/ĐU ngày 16/03/2022 của DU-KHOI-A đã được ban hành.', 'Chi bộ CB-X không thuộc DU-KHOI-A.'],
          en: ['Guidance 27-HD/ĐU of 16/03/2022 by DU-KHOI-A has already been issued.', 'The cell CB-X is not under DU-KHOI-A.'],
        });
      });

      it('should say what the status means when a refusal has no words, never its Vietnamese or its code', () => {
        const plain = [new NotFoundError('Không tìm thấy nhiệm vụ 123'), new ConflictError('Phiên bản này đã được ban hành'), new ConflictError('Quy trình x vừa được người khác cập nhật', 'concurrent-update')];
        const en = plain.map((e) => errorInWords(e, 'en'));
        expect(en).toEqual(['Not found: it does not exist, or you may not see it.', 'This cannot be done: it conflicts with what is recorded now; reload the page and check.', 'Someone else has just changed this; reload the page and try again.']);
        expect(en.join(' ')).not.toMatch(vietnamese);
        expect(en.join(' ')).not.toMatch(/not-found|conflict\b|concurrent-update|\{\w+\}/);
        expect(plain.map((e) => errorInWords(e, 'vi'))).toEqual(plain.map((e) => e.message));
        expect([errorInWords(unknownCell('CB-9'), 'vi'), errorInWords(unknownCell('CB-9'), 'en')]).toEqual(['Không tìm thấy chi bộ CB-9', 'There is no cell CB-9 you may see.']);
        const grant = new ConflictError('Người dùng đã có quyền secretary tại CB-A1', 'grant-exists').worded('grant-exists', { role: 'secretary', org: 'CB-A1' });
        expect(errorInWords(grant, 'en')).toBe('The user already has the role Secretary at CB-A1.');
        // A page that threw its own words keeps them.
        const late = new ConflictError(translate('en', 'task.notOpen'), 'task-not-open');
        expect(errorInWords(late, 'en')).toBe('This task is no longer open.');
      });
    });
  });
});
