import { DocumentEntity, DocumentTemplateOverride, OrgUnit, seedOrgTree, Term } from '@chibo/db';
import { loadFixtures } from '@chibo/scenario';
import { databaseKinds, freshDatabase, type DatabaseKind } from '@chibo/testing';
import type { DataSource, EntityManager } from 'typeorm';
import {
  cancelDocument,
  DocumentAlreadyCancelledError,
  defaultDocumentRenderer,
  issueDocument,
  registerEntries,
  retireTemplateOverride,
  saveTemplateOverride,
  sha256,
  shippedSamples,
  TemplateValidationError,
} from '../../src';

const scenario = loadFixtures().find((f) => f.file === 'ai-mo-2022.json')!.scenario;
const CELL = 'CB-THCS-AI-MO';
const COMMITTEE = 'DU-NGOC-LAM';
const AT = '2022-04-01T09:10:00.000Z';
const resolution = shippedSamples('thematic:resolution')[0]!;
const layout = (body: string) => `{{#> document}}\n{{> title-block}}\n<div class="body">\n${body}\n</div>\n{{#> footer}}<p class="recipient">- Lưu.</p>{{/footer}}\n{{/document}}\n`;

/** Issues an NQ of the cell with the data the resolution step passes (from a scenario run). */
function issueResolution(m: EntityManager, key: string, at = AT) {
  return issueDocument(m, { orgCode: CELL, type: 'NQ', title: resolution.title, data: resolution.data, at, instanceId: null, idempotencyKey: key, template: 'thematic:resolution' });
}

describe.each(databaseKinds())('numbering registers and issued documents on %s', (kind: DatabaseKind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ds: DataSource;
  let seq = 0;
  const key = () => `test-${++seq}`;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ds = db.dataSource;
    await ds.transaction((m) => seedOrgTree(m, scenario.org, '2022-03-16T00:00:00.000Z'));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('should store the rendered HTML with its checksum, the template that rendered it and the checksum of the data', async () => {
    const doc = await ds.transaction((m) => issueResolution(m, key()));
    expect(doc.number).toMatch(/^Số \d{2}-NQ\/CB$/);
    expect(doc.templateRef).toBe('plugin:thematic:resolution');
    expect(doc.html).toContain(doc.number);
    expect(doc.html).toContain('Ngọc Lâm, ngày 01 tháng 4 năm 2022');
    expect(doc.htmlChecksum).toBe(sha256(doc.html!));
    expect(doc.checksum).toBe(sha256(JSON.stringify(resolution.data)));
    const stored = await ds.manager.findOneByOrFail(DocumentEntity, { id: doc.id });
    expect(sha256(stored.html!)).toBe(stored.htmlChecksum);
  });

  it('should keep the number of a cancelled document, give the next document the next number, and leave no hole', async () => {
    const [a, b] = await ds.transaction(async (m) => [await issueResolution(m, key()), await issueResolution(m, key())]);
    const cancelled = await ds.transaction((m) => cancelDocument(m, { id: a!.id, reason: 'Ghi sai ngày sinh hoạt', at: AT, by: null }));
    const c = await ds.transaction((m) => issueResolution(m, key()));

    expect(cancelled).toMatchObject({ status: 'cancelled', number: a!.number, seq: a!.seq, cancelReason: 'Ghi sai ngày sinh hoạt', cancelledAt: AT });
    expect([b!.seq, c.seq]).toEqual([a!.seq + 1, a!.seq + 2]);
    const register = await registerEntries(ds.manager, a!.registerId);
    expect(register.holes).toEqual([]);
    expect(register.entries.find((e) => e.seq === a!.seq)).toMatchObject({ status: 'cancelled', number: a!.number, cancelReason: 'Ghi sai ngày sinh hoạt' });
    expect(register.entries.map((e) => e.seq)).toEqual(Array.from({ length: register.register.lastSeq }, (_, i) => i + 1));
  });

  it('should refuse to cancel a document twice', async () => {
    const doc = await ds.transaction((m) => issueResolution(m, key()));
    await ds.transaction((m) => cancelDocument(m, { id: doc.id, reason: 'Trùng', at: AT, by: null }));
    await expect(ds.transaction((m) => cancelDocument(m, { id: doc.id, reason: 'Lần nữa', at: AT, by: null }))).rejects.toThrow(DocumentAlreadyCancelledError);
  });

  it('should give the number back when the issuing transaction fails (a crash before commit leaves no hole)', async () => {
    const before = await ds.transaction((m) => issueResolution(m, key()));
    await expect(
      ds.transaction(async (m) => {
        await issueResolution(m, key());
        throw new Error('process killed before commit');
      }),
    ).rejects.toThrow('process killed');
    const after = await ds.transaction((m) => issueResolution(m, key()));
    expect(after.seq).toBe(before.seq + 1);
    expect((await registerEntries(ds.manager, after.registerId)).holes).toEqual([]);
  });

  it('should number each type separately within the committee term', async () => {
    const plan = await ds.transaction((m) => issueDocument(m, { orgCode: CELL, type: 'KH', title: 'Kế hoạch', data: {}, at: AT, instanceId: null, idempotencyKey: key() }));
    expect(plan.number).toBe('Số 01-KH/CB');
    expect(plan.templateRef).toBe('core:generic');
  });

  it("should number in the cell's own term when it has one, before its committee's", async () => {
    const cell = await ds.manager.findOneByOrFail(OrgUnit, { code: CELL });
    await ds.manager.save(ds.manager.create(Term, { orgId: cell.id, from: '2022-03-20', to: null }));
    const inCommitteeTerm = await ds.transaction((m) => issueDocument(m, { orgCode: CELL, type: 'TB', title: 'Thông báo', data: {}, at: '2022-03-18T02:00:00.000Z', instanceId: null, idempotencyKey: key() }));
    const inOwnTerm = await ds.transaction((m) => issueDocument(m, { orgCode: CELL, type: 'TB', title: 'Thông báo', data: {}, at: AT, instanceId: null, idempotencyKey: key() }));
    expect(inOwnTerm.registerId).not.toBe(inCommitteeTerm.registerId);
    expect([inCommitteeTerm.number, inOwnTerm.number]).toEqual(['Số 01-TB/CB', 'Số 01-TB/CB']);
    await ds.manager.delete(Term, { orgId: cell.id });
  });

  describe('committee templates', () => {
    const orgOf = (code: string) => ds.manager.findOneByOrFail(OrgUnit, { code });
    const save = (code: string, source: string) =>
      ds.transaction(async (m) => saveTemplateOverride(m, defaultDocumentRenderer(), { org: await m.findOneByOrFail(OrgUnit, { code }), templateId: 'thematic:resolution', source, at: AT, by: null }));

    it('should render the documents of the committee\'s cells with its template, and a cell\'s own template before it', async () => {
      await save(COMMITTEE, layout('<p>MẪU CỦA ĐẢNG ỦY PHƯỜNG</p>'));
      const committeeDoc = await ds.transaction((m) => issueResolution(m, key()));
      expect(committeeDoc.html).toContain('MẪU CỦA ĐẢNG ỦY PHƯỜNG');
      expect(committeeDoc.templateRef).toBe(`override:${COMMITTEE}:thematic:resolution@1`);

      await save(CELL, layout('<p>MẪU CỦA CHI BỘ</p>'));
      const cellDoc = await ds.transaction((m) => issueResolution(m, key()));
      expect(cellDoc.html).toContain('MẪU CỦA CHI BỘ');

      await ds.transaction(async (m) => retireTemplateOverride(m, { org: await orgOf(CELL), templateId: 'thematic:resolution', at: AT }));
      await ds.transaction(async (m) => retireTemplateOverride(m, { org: await orgOf(COMMITTEE), templateId: 'thematic:resolution', at: AT }));
      expect((await ds.transaction((m) => issueResolution(m, key()))).templateRef).toBe('plugin:thematic:resolution');
    });

    it('should keep every version and retire the previous one when a new one is saved', async () => {
      const first = await save(COMMITTEE, layout('<p>Phiên bản A</p>'));
      const second = await save(COMMITTEE, layout('<p>Phiên bản B</p>'));
      expect(second.version).toBe(first.version + 1);
      const rows = await ds.manager.find(DocumentTemplateOverride, { where: { orgId: (await orgOf(COMMITTEE)).id, templateId: 'thematic:resolution' }, order: { version: 'ASC' } });
      expect(rows.filter((r) => r.status === 'active').map((r) => r.version)).toEqual([second.version]);
      expect((await ds.transaction((m) => issueResolution(m, key()))).html).toContain('Phiên bản B');
    });

    it('should refuse a broken template with its line and reason, storing nothing', async () => {
      const count = await ds.manager.count(DocumentTemplateOverride);
      const error = await save(COMMITTEE, layout('<p>{{resolution.votes}}</p>')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TemplateValidationError);
      expect((error as TemplateValidationError).issues[0]).toMatchObject({ path: 'source', rule: 'unknown-field', line: 4 });
      expect(await ds.manager.count(DocumentTemplateOverride)).toBe(count);
    });
  });
});

describe.each(databaseKinds().filter((k) => k === 'postgres'))('numbers reserved concurrently on %s', (kind) => {
  it('should give 20 documents issued in 20 concurrent transactions the numbers 1 to 20, each once', async () => {
    const db = await freshDatabase(kind);
    try {
      await db.dataSource.transaction((m) => seedOrgTree(m, scenario.org, '2022-03-16T00:00:00.000Z'));
      const docs = await Promise.all(Array.from({ length: 20 }, (_, i) => db.dataSource.transaction((m) => issueResolution(m, `concurrent-${i}`))));
      expect(docs.map((d) => d.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(docs.map((d) => d.number)).size).toBe(20);
    } finally {
      await db.drop();
    }
  });
});
