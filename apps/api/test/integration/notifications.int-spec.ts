import type { Response } from 'supertest';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, type EngineFixture, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD } from '../support/fixture';
import { emailVerificationToken } from '@chibo/notifications';

/**
 * The notice board as people use it, without SMTP configured (in-app only): a task assigned to a member reaches their
 * bell and list in Vietnamese; they mark it read; they set an e-mail address (an invalid one is refused naming the
 * field, on the API and on the page) and turn kinds off; admins see the undelivered list.
 */
describeEngine('notice board and notification settings', (kind) => {
  let t: EngineTestApp;
  let f: EngineFixture;
  let d: EngineDriver;

  async function signIn(login: string): Promise<string> {
    const response = await t.http().post('/dang-nhap').type('form').send(new URLSearchParams({ login, password: PASSWORD, next: '/thong-bao' }).toString());
    expect(response.status).toBe(303);
    return ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='))!.split(';')[0]!;
  }

  function csrfOf(response: Response): string {
    return /name="_csrf" value="([^"]+)"/.exec(response.text)![1]!;
  }

  beforeAll(async () => {
    t = await startEngineApp(kind);
    f = await seedEngineFixture(t);
    d = new EngineDriver(t, f);
    const guidance = await d.issueGuidance({ cells: [ORG.cellA1] });
    // Through the draft assignment: m02 (memberA1) is assigned the topic draft.
    await d.driveCellA1(d.cellInstanceId(ORG.cellA1, guidance.number), 'submit-draft');
    await d.settle();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('should put the draft assignment on the assignee’s board, unread, in Vietnamese, linking to their tasks', async () => {
    const response = await t.http().get('/api/v1/notifications').set(d.auth('memberA1'));
    expectStatus(response, 200);
    const body = response.body as { unread: number; items: Array<{ kind: string; title: string; body: string; link: string; readAt: string | null }> };
    expect(body.items).toEqual([
      expect.objectContaining({ kind: 'draft-assigned', title: 'Đồng chí được phân công chuẩn bị dự thảo chuyên đề', body: 'Đồng chí Trần Văn Hùng được phân công chuẩn bị dự thảo chuyên đề', link: '/viec-cua-toi', readAt: null }),
    ]);
    expect(body.unread).toBe(1);
    // Someone else's board does not have it.
    expect(((await t.http().get('/api/v1/notifications').set(d.auth('secretaryA2'))).body as { items: unknown[] }).items).toEqual([]);
  });

  it('should show the unread count on the bell and the notice on the page, and clear both when marked read', async () => {
    const cookie = await signIn(f.logins.memberA1);
    const page = await t.http().get('/thong-bao').set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Thông báo của tôi</h1>');
    expect(page.text).toContain('Đồng chí được phân công chuẩn bị dự thảo chuyên đề');
    expect(page.text).toContain('hx-get="/thong-bao/chuong"');
    const bell = await t.http().get('/thong-bao/chuong').set('Cookie', cookie);
    expect(bell.text).toBe('<span class="bell-count" aria-label="1 thông báo chưa đọc">1</span>');

    const id = /action="\/thong-bao\/([^/"]+)\/da-doc"/.exec(page.text)![1]!;
    const opened = await t.http().post(`/thong-bao/${id}/da-doc`).set('Cookie', cookie).type('form').send(new URLSearchParams({ _csrf: csrfOf(page), mo: '1' }).toString());
    expect(opened.status).toBe(303);
    expect(opened.headers['location']).toBe('/viec-cua-toi');
    expect((await t.http().get('/thong-bao/chuong').set('Cookie', cookie)).text).toBe('');
    expect(((await t.http().get('/api/v1/notifications/unread-count').set(d.auth('memberA1'))).body as { unread: number }).unread).toBe(0);
  });

  it('should refuse an invalid e-mail address with 422 naming the field and keep what was saved', async () => {
    expectStatus(await t.http().put('/api/v1/notifications/settings').set(d.auth('memberA1')).send({ email: 'hung@a1.vn' }), 200);
    const refused = await t.http().put('/api/v1/notifications/settings').set(d.auth('memberA1')).send({ email: 'hung at a1' });
    expect(refused.status).toBe(422);
    expect((refused.body as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual(['email']);
    const unknownKind = await t.http().put('/api/v1/notifications/settings').set(d.auth('memberA1')).send({ preferences: { sms: true } });
    expect(unknownKind.status).toBe(422);
    expect(JSON.stringify(unknownKind.body)).toContain('preferences');
    const saved = await t.http().get('/api/v1/notifications/settings').set(d.auth('memberA1'));
    expect(saved.body).toEqual({
      email: 'hung@a1.vn',
      emailVerified: false,
      emailBounced: false,
      preferences: { taskAssigned: true, reminder: true, conveneNotice: true, reportOverdue: true, reportReceived: true, digest: false },
    });
  });

  it('should save preferences from the settings page and answer an invalid address there with 422 next to the field', async () => {
    const cookie = await signIn(f.logins.memberA1);
    const form = await t.http().get('/thong-bao/cai-dat').set('Cookie', cookie);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Nhận thông báo qua e-mail');
    expect(form.text).toContain('value="hung@a1.vn"');
    expect(form.text).toContain('Máy chủ chưa cấu hình gửi e-mail (SMTP_URL)');
    const bad = await t.http().post('/thong-bao/cai-dat').set('Cookie', cookie).type('form').send(new URLSearchParams({ _csrf: csrfOf(form), email: 'không-hợp-lệ', taskAssigned: 'on' }).toString());
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="n-email-error"');
    expect(bad.text).toContain('aria-invalid="true"');
    expect(bad.text).toContain('Địa chỉ e-mail không hợp lệ');
    // An English page words the schema's rule in English (ADR 0034), not the core's Vietnamese message.
    const badEn = await t.http().post('/thong-bao/cai-dat').set('Cookie', `${cookie}; chibo_lang=en`).type('form').send(new URLSearchParams({ _csrf: csrfOf(form), email: 'không-hợp-lệ', taskAssigned: 'on' }).toString());
    expect(badEn.status).toBe(422);
    expect(badEn.text).toContain('This is not a valid e-mail address.');
    expect(badEn.text).not.toContain('Địa chỉ e-mail không hợp lệ');
    const good = await t.http().post('/thong-bao/cai-dat').set('Cookie', cookie).type('form').send(new URLSearchParams({ _csrf: csrfOf(form), email: 'hung@a1.vn', taskAssigned: 'on', reminder: 'on' }).toString());
    expect(good.status).toBe(303);
    const prefs = ((await t.http().get('/api/v1/notifications/settings').set(d.auth('memberA1'))).body as { preferences: Record<string, boolean> }).preferences;
    expect(prefs).toEqual({ taskAssigned: true, reminder: true, conveneNotice: false, reportOverdue: false, reportReceived: false, digest: false });
  });

  it('should list undelivered messages for admins only', async () => {
    expectStatus(await t.http().get('/api/v1/notifications/undelivered').set(d.auth('admin')), 200);
    expect((await t.http().get('/api/v1/notifications/undelivered').set(d.auth('memberA1'))).status).toBe(403);
    const adminPage = await t.http().get('/thong-bao/chua-gui').set('Cookie', await signIn(f.logins.admin));
    expect(adminPage.status).toBe(200);
    expect(adminPage.text).toContain('Mọi thư đã được gửi.');
    expect((await t.http().get('/thong-bao/chua-gui').set('Cookie', await signIn(f.logins.memberA1))).status).toBe(403);
  });

  it('should verify the address from the link sent to it, and refuse a link made for another address', async () => {
    const cookie = await signIn(f.logins.memberA1);
    const userId = ((await t.http().get('/api/v1/auth/me').set(d.auth('memberA1'))).body as { id: string }).id;
    const wrong = await t.http().get(`/thong-bao/xac-minh?t=${emailVerificationToken(t.config.authSecret, userId, 'other@a1.vn')}`).set('Cookie', cookie);
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Liên kết xác minh không đúng hoặc đã cũ');
    const right = await t.http().get(`/thong-bao/xac-minh?t=${emailVerificationToken(t.config.authSecret, userId, 'hung@a1.vn')}`).set('Cookie', cookie);
    expect(right.status).toBe(200);
    expect(right.text).toContain('Đã xác minh địa chỉ e-mail.');
    expect(((await t.http().get('/api/v1/notifications/settings').set(d.auth('memberA1'))).body as { emailVerified: boolean }).emailVerified).toBe(true);
  });
});
