import { parseMemberCsv } from './member-csv';

describe('parseMemberCsv', () => {
  it('should return every member when all rows are good', () => {
    const csv = [
      'code,name,status,roles',
      'nga,Ngô Thị Nga,official,secretary',
      'nhung,"Nguyễn Thị Nhung, GV",official,deputy-secretary;committee',
      'm09,Đảng viên 09,probationary,',
    ].join('\n');

    const result = parseMemberCsv(csv);

    expect(result).toMatchObject({
      ok: true,
      members: [
        { row: 2, code: 'nga', name: 'Ngô Thị Nga', status: 'official', roles: ['secretary'] },
        { row: 3, code: 'nhung', name: 'Nguyễn Thị Nhung, GV', status: 'official', roles: ['deputy-secretary', 'committee'] },
        { row: 4, code: 'm09', name: 'Đảng viên 09', status: 'probationary', roles: [] },
      ],
    });
  });

  it('should accept a BOM, CRLF line ends, blank lines, a header in capitals and no roles column when Excel saved the file', () => {
    const csv = '\uFEFFCode,Name,Status\r\nnga,Ngô Thị Nga,official\r\n\r\n,,\r\nm02,Trần Văn Hùng,suspended\r\n';

    const result = parseMemberCsv(csv);

    expect(result.ok).toBe(true);
    expect(result.ok && result.members.map((m) => [m.code, m.status, m.roles])).toEqual([
      ['nga', 'official', []],
      ['m02', 'suspended', []],
    ]);
  });

  it('should accept Vietnamese words for statuses and roles when secretaries type them', () => {
    const csv = 'code,name,status,roles\nnga,Ngô Thị Nga,Chính thức,Bí thư\nm03,Lê Thị Hoa,dự bị,\nm04,Hà Văn Tư,Miễn sinh hoạt,chi ủy viên';

    const result = parseMemberCsv(csv);

    expect(result.ok && result.members.map((m) => [m.status, m.roles])).toEqual([
      ['official', ['secretary']],
      ['probationary', []],
      ['exempt', ['committee']],
    ]);
  });

  it('should report each bad row with its line number, column and rule when rows are bad', () => {
    const csv = [
      'code,name,status,roles',
      'nga,Ngô Thị Nga,official,secretary', // 2: good
      'm02,,retired,', // 3: missing name, unknown status
      'nga,Ngô Thị Nga 2,official,', // 4: duplicate code
      'bad code,Tên,official,chairman', // 5: bad code, unknown role
      'm06,Tên,official,,extra', // 6: too many columns
      'm07,Tên', // 7: a short row: its status is missing
    ].join('\n');

    const result = parseMemberCsv(csv);

    expect(result.ok).toBe(false);
    const rules = result.rows.map((row) => [row.row, row.code, row.ok, row.issues.map((issue) => `${issue.path}:${issue.rule}`)]);
    expect(rules).toEqual([
      [2, 'nga', true, []],
      [3, 'm02', false, ['name:required', 'status:enum']],
      [4, 'nga', false, ['code:duplicate']],
      [5, 'bad code', false, ['code:format', 'roles:enum']],
      [6, 'm06', false, ['row:columns']],
      [7, 'm07', false, ['status:required']],
    ]);
    expect(result.ok === false && result.issues.map((issue) => issue.path)).toContain('csv[3].status');
    expect(result.rows[2]?.issues[0]?.message).toBe('Mã nga bị trùng với dòng 2');
  });

  it.each([
    ['an empty file', '', 'csv:empty'],
    ['only a header', 'code,name,status,roles\n', 'csv:empty'],
    ['an unknown column', 'code,name,status,email\nnga,Nga,official,x', 'header:unknown-column'],
    ['a missing column', 'code,status\nnga,official', 'header:missing-column'],
    ['an unclosed quote', 'code,name,status\nnga,"Ngô Thị Nga,official', 'csv:csv-syntax'],
  ])('should refuse the whole file when it has %s', (_label, csv, expected) => {
    const result = parseMemberCsv(csv);

    expect(result.ok).toBe(false);
    expect(result.ok === false && result.issues.map((issue) => `${issue.path}:${issue.rule}`)).toContain(expected);
  });
});
