import { UploadedFile } from '@chibo/db';
import { createHash } from 'node:crypto';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, type EngineFixture, seedEngineFixture } from '../support/engine-fixture';
import { ORG } from '../support/fixture';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * The draft's file through the JSON API (ADR 0035): `POST /api/v1/tasks/{id}/submit` as multipart — the input as JSON
 * text in `input`, the file in `attachment` — with the pages' limits (PDF or DOCX by content, 10 MB), stored with its
 * SHA-256; every refusal is a 422 naming the field and the rule, and leaves no file behind.
 */
describeEngine('the draft’s file submitted through the API', (kind) => {
  let t: EngineTestApp;
  let f: EngineFixture;
  let driver: EngineDriver;
  let instance = '';
  let task = '';

  beforeAll(async () => {
    t = await startEngineApp(kind);
    f = await seedEngineFixture(t);
    driver = new EngineDriver(t, f);
    await driver.issueGuidance({ number: '31-HD/ĐU' });
    instance = driver.cellInstanceId(ORG.cellA1, '31-HD/ĐU');
    await driver.driveCellA1(instance, 'submit-draft');
    task = await driver.openTask(instance, 'submit-draft');
  });

  afterAll(async () => {
    await t?.close();
  });

  const submit = (parts: { input?: string; file?: { name: string; bytes: Buffer } }) => {
    const request = t.http().post(`/api/v1/tasks/${encodeURIComponent(task)}/submit`).set(driver.auth('memberA1'));
    if (parts.input !== undefined) void request.field('input', parts.input);
    if (parts.file) void request.attach('attachment', parts.file.bytes, parts.file.name);
    return request;
  };
  const files = () => t.ds.manager.find(UploadedFile, { where: { instanceId: instance } });

  it.each([
    ['a file that is not a PDF or DOCX', { input: '{"title":"Dự thảo"}', file: { name: 'du-thao.pdf', bytes: Buffer.from('không phải PDF') } }, 'attachment', 'file-type', { name: 'du-thao.pdf' }],
    ['a file over 10 MB', { input: '{"title":"Dự thảo"}', file: { name: 'du-thao.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]) } }, 'attachment', 'file-too-large', { maxMegabytes: 10 }],
    ['an input that is not JSON', { input: '{title: Dự thảo', file: { name: 'du-thao.pdf', bytes: PDF } }, 'input', 'json', undefined],
    ['no input part', { file: { name: 'du-thao.pdf', bytes: PDF } }, 'input', 'required', undefined],
  ])('should refuse %s with 422 at the field, storing nothing', async (_what, parts, path, rule, params) => {
    const response = await submit(parts);
    expect(response.status).toBe(422);
    expect(response.body.issues).toEqual([{ path, rule, message: expect.stringMatching(/\S/), ...(params ? { params } : {}) }]);
    expect(await files()).toEqual([]);
    expect((await driver.tasks(instance)).find((x) => x.id === task)?.status).toBe('open');
  });

  it('should keep no file when the step refuses the input it came with (its rules still apply)', async () => {
    const response = await submit({ input: '{"title":5}', file: { name: 'du-thao.pdf', bytes: PDF } });
    expect(response.status).toBe(422);
    expect(response.body.issues).toEqual([expect.objectContaining({ path: 'title', rule: 'invalid_type', params: { expected: 'string' } })]);
    expect(await files()).toEqual([]);
  });

  it('should store a PDF with its checksum, name it in the draft and answer as a JSON submission does', async () => {
    const response = await submit({ input: JSON.stringify({ title: 'Dự thảo chuyên đề: nêu gương', attachment: 'ignored' }), file: { name: 'Dự thảo chuyên đề.pdf', bytes: PDF } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ task: { id: task, status: 'submitted' }, openTasks: [expect.objectContaining({ step: 'review-draft' })] });
    const [stored, ...more] = await files();
    expect(more).toEqual([]);
    expect(stored).toMatchObject({ filename: 'Dự thảo chuyên đề.pdf', contentType: 'application/pdf', size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex'), taskId: task });
    expect(Buffer.from(stored!.contentBase64, 'base64').equals(PDF)).toBe(true);
    // The draft names the stored file, not what the input said.
    const state = await t.http().get(`/api/v1/instances/${encodeURIComponent(instance)}/state`).set(driver.auth('admin'));
    expect(JSON.stringify(state.body)).toContain(`tep:${stored!.id}`);
    expect(JSON.stringify(state.body)).not.toContain('"ignored"');
  });
});
