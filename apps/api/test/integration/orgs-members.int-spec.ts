import { Member, OrgUnit, Term } from '@chibo/db';
import { type Fixture, ORG, bearer, seedFixture } from '../support/fixture';
import { databasesUnderTest } from '../support/postgres';
import { type TestApp, startTestApp } from '../support/test-app';

describe.each(databasesUnderTest())('orgs and members (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    t = await startTestApp(kind);
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const codesOf = async (orgCode: string): Promise<string[]> => {
    const org = await t.ds.getRepository(OrgUnit).findOneByOrFail({ code: orgCode });
    return (await t.ds.getRepository(Member).find({ where: { orgId: org.id }, order: { code: 'ASC' } })).map((m) => m.code);
  };

  describe('org tree', () => {
    it('should return the whole tree with terms when an admin on the root asks', async () => {
      const response = await t.http().get('/api/v1/orgs').set(bearer(f, 'admin')).expect(200);

      expect(response.body).toHaveLength(1);
      const [root] = response.body;
      expect(root).toMatchObject({ code: ORG.root, kind: 'committee', parentCode: null, term: { from: '2020-08-01', to: null } });
      expect(root.children.map((c: { code: string }) => c.code)).toEqual([ORG.committeeA, ORG.committeeB]);
      expect(root.children[0].children.map((c: { code: string }) => c.code)).toEqual([ORG.cellA1, ORG.cellA2]);
    });

    it.each([
      ['committeeA', [ORG.committeeA]],
      ['secretaryA1', [ORG.cellA1]],
      ['committeeB', [ORG.committeeB]],
      ['nobody', []],
    ] as const)('should return only the subtrees %s may see', async (actor, roots) => {
      const response = await t.http().get('/api/v1/orgs').set(bearer(f, actor)).expect(200);

      expect(response.body.map((node: { code: string }) => node.code)).toEqual(roots);
    });

    it('should show a unit with its visible children and member count', async () => {
      const cell = await t.http().get(`/api/v1/orgs/${ORG.cellA1}`).set(bearer(f, 'secretaryA1')).expect(200);
      const committee = await t.http().get(`/api/v1/orgs/${ORG.committeeA}`).set(bearer(f, 'committeeA')).expect(200);

      expect(cell.body).toMatchObject({ code: ORG.cellA1, kind: 'cell', parentCode: ORG.committeeA, children: [] });
      expect(cell.body.memberCount).toBeGreaterThanOrEqual(3);
      expect(committee.body.children.map((c: { code: string }) => c.code)).toEqual([ORG.cellA1, ORG.cellA2]);
    });

    it('should create a cell with its path and term when a committee creates it under its own subtree', async () => {
      const response = await t
        .http()
        .post('/api/v1/orgs')
        .set(bearer(f, 'committeeA'))
        .send({ code: 'CB-A3', name: 'Chi bộ Trường Mầm non', abbr: 'CB', kind: 'cell', parent: ORG.committeeA, term: { from: '2025-10-01' } })
        .expect(201);

      expect(response.body).toEqual({
        code: 'CB-A3',
        name: 'Chi bộ Trường Mầm non',
        abbr: 'CB',
        kind: 'cell',
        parentCode: ORG.committeeA,
        path: '/DU-NGOC-LAM/DU-KHOI-A/CB-A3/',
        term: { from: '2025-10-01', to: null },
      });
      const unit = await t.ds.getRepository(OrgUnit).findOneByOrFail({ code: 'CB-A3' });
      expect(await t.ds.getRepository(Term).findOneBy({ orgId: unit.id })).toMatchObject({ from: '2025-10-01', to: null });
    });

    it('should create a root unit only when the caller is admin on a root', async () => {
      const body = { code: 'DU-KHAC', name: 'Đảng ủy khác', abbr: 'ĐU', kind: 'committee' };

      await t.http().post('/api/v1/orgs').set(bearer(f, 'committeeA')).send(body).expect(403);
      const created = await t.http().post('/api/v1/orgs').set(bearer(f, 'admin')).send(body).expect(201);

      expect(created.body).toMatchObject({ path: '/DU-KHAC/', parentCode: null });
    });

    it('should refuse a term that ends before it starts', async () => {
      const response = await t
        .http()
        .post('/api/v1/orgs')
        .set(bearer(f, 'admin'))
        .send({ code: 'CB-T', name: 'x', abbr: 'CB', kind: 'cell', parent: ORG.committeeA, term: { from: '2025-01-01', to: '2024-01-01' } })
        .expect(422);

      expect(response.body.issues).toEqual([expect.objectContaining({ path: 'term.to', rule: 'after-from' })]);
    });
  });

  describe('members', () => {
    it('should list the cell roster in the order members were added', async () => {
      const response = await t.http().get(`/api/v1/orgs/${ORG.cellA1}/members`).set(bearer(f, 'memberA1')).expect(200);

      expect(response.body.slice(0, 3).map((m: { code: string; status: string; roles: string[] }) => [m.code, m.status, m.roles])).toEqual([
        ['nga', 'official', ['secretary']],
        ['m02', 'official', []],
        ['m03', 'probationary', []],
      ]);
    });

    it('should add a member and refuse the same code twice with 409', async () => {
      const body = { code: 'm10', name: 'Đỗ Thị Mai', status: 'probationary' };

      const created = await t.http().post(`/api/v1/orgs/${ORG.cellA1}/members`).set(bearer(f, 'secretaryA1')).send(body).expect(201);
      const again = await t.http().post(`/api/v1/orgs/${ORG.cellA1}/members`).set(bearer(f, 'secretaryA1')).send(body).expect(409);

      expect(created.body).toMatchObject({ code: 'm10', name: 'Đỗ Thị Mai', status: 'probationary', roles: [] });
      expect(again.body).toEqual({ statusCode: 409, error: 'member-code-taken', message: `Mã đảng viên m10 đã có trong chi bộ ${ORG.cellA1}` });
    });

    it('should let the same member code exist in two cells', async () => {
      await t.http().post(`/api/v1/orgs/${ORG.cellB1}/members`).set(bearer(f, 'secretaryB1')).send({ code: 'm10', name: 'Khác', status: 'official' }).expect(201);
    });

    it('should change status and roles when the secretary patches a member', async () => {
      const response = await t
        .http()
        .patch(`/api/v1/orgs/${ORG.cellA1}/members/m03`)
        .set(bearer(f, 'secretaryA1'))
        .send({ status: 'official', roles: ['committee'] })
        .expect(200);

      expect(response.body).toMatchObject({ code: 'm03', name: 'Lê Thị Hoa', status: 'official', roles: ['committee'] });
      expect(response.body.updatedAt > response.body.createdAt).toBe(true);
    });

    it('should refuse a duplicated role or an unknown status with 422', async () => {
      const response = await t
        .http()
        .patch(`/api/v1/orgs/${ORG.cellA1}/members/m03`)
        .set(bearer(f, 'secretaryA1'))
        .send({ status: 'retired', roles: ['committee', 'committee'] })
        .expect(422);

      expect(response.body.issues.map((issue: { path: string; rule: string }) => `${issue.path}:${issue.rule}`)).toEqual(['status:enum', 'roles:unique']);
    });
  });

  describe('CSV import', () => {
    const importCsv = (csv: string, contentType = 'text/csv') =>
      t.http().post(`/api/v1/orgs/${ORG.cellA2}/members/import`).set(bearer(f, 'committeeA')).set('Content-Type', contentType).send(csv);

    it('should create every member and report counts when all rows are good', async () => {
      const csv = 'code,name,status,roles\nhoa,Lê Thị Hoa,official,secretary\nlan,"Phạm Thị Lan, GV",official,deputy-secretary;committee\nm03,Đảng viên 03,probationary,\n';

      const response = await importCsv(csv).expect(200);

      expect(response.body).toEqual({ created: 3, updated: 0, unchanged: 0 });
      expect(await codesOf(ORG.cellA2)).toEqual(['hoa', 'lan', 'm03']);
      const list = await t.http().get(`/api/v1/orgs/${ORG.cellA2}/members`).set(bearer(f, 'committeeA')).expect(200);
      expect(list.body.map((m: { code: string }) => m.code)).toEqual(['hoa', 'lan', 'm03']);
      expect(list.body[1]).toMatchObject({ name: 'Phạm Thị Lan, GV', roles: ['deputy-secretary', 'committee'] });
    });

    it('should update known codes and count unchanged rows when the file is imported again', async () => {
      const csv = 'code,name,status,roles\nhoa,Lê Thị Hoa,official,secretary\nlan,"Phạm Thị Lan, GV",official,deputy-secretary;committee\nm03,Đảng viên 03,official,\nm04,Đảng viên 04,exempt,\n';

      const response = await t
        .http()
        .post(`/api/v1/orgs/${ORG.cellA2}/members/import`)
        .set(bearer(f, 'committeeA'))
        .send({ csv })
        .expect(200);

      expect(response.body).toEqual({ created: 1, updated: 1, unchanged: 2 });
    });

    it('should save nothing and report every row when any row is bad', async () => {
      const before = await codesOf(ORG.cellA2);
      const csv = [
        'code,name,status,roles',
        'new1,Người mới 1,official,', // row 2: good
        'new2,,official,', // row 3: no name
        'new3,Người mới 3,retired,', // row 4: unknown status
        'new1,Người mới 1 lần nữa,official,', // row 5: duplicate code in the file
      ].join('\n');

      const response = await importCsv(csv).expect(422);

      expect(response.body).toMatchObject({
        statusCode: 422,
        error: 'validation-failed',
        message: 'Không nhập được: 3 dòng có lỗi; chưa có dữ liệu nào được lưu',
      });
      expect(response.body.rows).toEqual([
        { row: 2, code: 'new1', ok: true, issues: [] },
        { row: 3, code: 'new2', ok: false, issues: [{ path: 'name', rule: 'required', message: 'Thiếu họ tên', params: { field: 'name' } }] },
        { row: 4, code: 'new3', ok: false, issues: [expect.objectContaining({ path: 'status', rule: 'enum' })] },
        { row: 5, code: 'new1', ok: false, issues: [{ path: 'code', rule: 'duplicate', message: 'Mã new1 bị trùng với dòng 2', params: { code: 'new1', row: 2 } }] },
      ]);
      expect(response.body.issues.map((issue: { path: string }) => issue.path)).toEqual(['csv[3].name', 'csv[4].status', 'csv[5].code']);
      expect(await codesOf(ORG.cellA2)).toEqual(before);
    });

    it('should refuse a file without the right header with 422 and save nothing', async () => {
      const response = await importCsv('ma,ten\nx,y').expect(422);

      expect(response.body.rows).toEqual([]);
      expect(response.body.issues.map((issue: { rule: string }) => issue.rule)).toEqual(['unknown-column', 'unknown-column', 'missing-column', 'missing-column', 'missing-column']);
    });

    it('should answer 415 when the body is neither CSV nor JSON', async () => {
      const response = await t
        .http()
        .post(`/api/v1/orgs/${ORG.cellA2}/members/import`)
        .set(bearer(f, 'committeeA'))
        .set('Content-Type', 'application/xml')
        .send('<members/>')
        .expect(415);

      expect(response.body.error).toBe('unsupported-media-type');
    });

    it('should answer 422 when the JSON form has no csv field', async () => {
      const response = await t.http().post(`/api/v1/orgs/${ORG.cellA2}/members/import`).set(bearer(f, 'committeeA')).send({ file: 'x' }).expect(422);

      expect(response.body.issues.map((issue: { path: string }) => issue.path)).toEqual(['csv', 'file']);
    });
  });
});
