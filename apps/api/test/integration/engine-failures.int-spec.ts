import { type EngineTestApp, describeEngine, startEngineApp } from '../support/engine-app';
import { EngineDriver, seedEngineFixture } from '../support/engine-fixture';
import { ORG } from '../support/fixture';

const enc = encodeURIComponent;

describeEngine('engine: an instance that fails says why', (kind) => {
  let t: EngineTestApp;
  let d: EngineDriver;

  beforeAll(async () => {
    t = await startEngineApp(kind);
    try {
      d = new EngineDriver(t, await seedEngineFixture(t));
    } catch (error) {
      await t.close();
      throw error;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should show the failed instance with its reason in the API, and leave the other cells of the guidance running', async () => {
    const guidance = await d.issueGuidance();
    const failing = d.cellInstanceId(ORG.cellA1, guidance.number);
    const other = d.cellInstanceId(ORG.cellA2, guidance.number);
    const reason = 'Tác vụ tự động "issue-document" không thực hiện được: Sổ đăng ký văn bản của chi bộ đã bị khóa';
    // What a host does when an effect fails for good (the embedded runtime and the Temporal workflow alike).
    await t.runtime.sendInternal(failing, () => ({ type: 'fail', at: t.clock.now(), reason }));
    await d.settle();

    const failed = await t.http().get(`/api/v1/instances/${enc(failing)}`).set(d.auth('admin'));
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'failed', failure: reason, currentStep: null });
    const running = await t.http().get(`/api/v1/instances/${enc(other)}`).set(d.auth('admin'));
    expect(running.body).toMatchObject({ status: 'running', failure: null });
    // The timeline ends with the failure and its reason.
    const timeline = await t.http().get(`/api/v1/instances/${enc(failing)}/timeline`).set(d.auth('admin'));
    expect((timeline.body as Array<{ type: string }>).at(-1)).toMatchObject({ type: 'instance-failed', event: { reason } });
  });
});
