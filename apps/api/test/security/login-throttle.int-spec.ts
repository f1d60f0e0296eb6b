import { uniqueQueuePrefix } from '@chibo/testing';
import request from 'supertest';
import { createApp } from '../../src';
import { LOGIN_LIMITS } from '../../src/auth/login-throttle.service';
import { type Fixture, PASSWORD, seedFixture } from '../support/fixture';
import { redisUnavailable, testRedisUrl } from '../support/redis';
import { type TestApp, startTestApp } from '../support/test-app';

const ACCOUNT_LIMIT = LOGIN_LIMITS.accountAddressFailures.points;

/**
 * Login throttling (issue 18: 400 wrong passwords in a row used to pass without delay): per account and address, per
 * account, per address, in Redis so every API process shares the counters, and in memory when Redis is away.
 */
(redisUnavailable() ? describe.skip : describe)('login throttling (Redis)', () => {
  let t: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: uniqueQueuePrefix() });
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = (http: () => ReturnType<typeof request>, name: string, password: string) => http().post('/api/v1/auth/login').send({ login: name, password });

  it('should refuse even the right password with 429 and Retry-After after repeated wrong ones, and let other accounts in', async () => {
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 400; i++) statuses.push((await login(t.http, 'nga', `sai-${i}`)).status);
    const elapsed = Date.now() - started;

    expect(statuses.filter((s) => s === 401)).toHaveLength(ACCOUNT_LIMIT);
    expect(statuses.slice(ACCOUNT_LIMIT).every((s) => s === 429)).toBe(true);
    const right = await login(t.http, 'nga', PASSWORD).expect(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(right.body).toMatchObject({ error: 'login-throttled', message: expect.stringContaining('Đăng nhập sai quá nhiều lần; vui lòng thử lại sau') });
    await login(t.http, 'hung', PASSWORD).expect(200);
    process.stdout.write(`[login throttle] 400 wrong passwords: ${ACCOUNT_LIMIT} checked, ${400 - ACCOUNT_LIMIT} refused with 429, in ${elapsed} ms\n`);
  });

  it('should hold across API processes: a second process on the same Redis refuses the same account', async () => {
    for (let i = 0; i < ACCOUNT_LIMIT; i++) await login(t.http, 'binh', `sai-${i}`).expect(401);
    const second = await createApp({ config: t.config, dataSource: t.ds, logger: false });
    try {
      await login(() => request(second.getHttpServer()), 'binh', PASSWORD).expect(429);
    } finally {
      await second.close();
    }
  });

  it('should throttle an address that tries one password on many accounts', async () => {
    const limit = LOGIN_LIMITS.addressFailures.points;
    // Whatever this address already failed above counts too: at most `limit` failures in all get through.
    let failures = 0;
    while ((await login(t.http, `khong-co-${failures}`, 'mat-khau-pho-bien')).status === 401) failures++;
    expect(failures).toBeLessThanOrEqual(limit);

    const response = await login(t.http, f.users.committeeA.login, PASSWORD).expect(429);

    expect(response.body.error).toBe('login-throttled');
  });
});

describe('login throttling without Redis', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails and the memory limiter answers instead.
    t = await startTestApp('sqlite', { REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: uniqueQueuePrefix() });
    await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should still throttle, counting in memory', async () => {
    for (let i = 0; i < ACCOUNT_LIMIT; i++) await t.http().post('/api/v1/auth/login').send({ login: 'nga', password: `sai-${i}` }).expect(401);

    await t.http().post('/api/v1/auth/login').send({ login: 'nga', password: PASSWORD }).expect(429);
    await t.http().post('/api/v1/auth/login').send({ login: 'hung', password: PASSWORD }).expect(200);
  });
});
