import type { ChiboConfig } from '@chibo/config';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { InjectConfig } from '../common/config.token';
import { TooManyRequestsError } from '../common/errors';

/**
 * Limits of the login throttle (docs/adr/0015-accounts-and-sessions.md). Failures count; a successful login clears
 * the account's counters for that address.
 */
export const LOGIN_LIMITS = {
  /** Wrong passwords in a row for one account from one address before that pair waits. */
  accountAddressFailures: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  /** Wrong passwords for one account from every address together (slows a distributed guess, bounded lockout). */
  accountFailures: { points: 20, duration: 60 * 60, blockDuration: 15 * 60 },
  /** Wrong passwords from one address for every account together (spraying one password over many accounts). */
  addressFailures: { points: 50, duration: 60 * 60, blockDuration: 60 * 60 },
  /** Login attempts from one address per minute, right or wrong: each costs a password hash (~150 ms of CPU). */
  addressAttempts: { points: 60, duration: 60, blockDuration: 60 },
} as const;

type LimitName = keyof typeof LOGIN_LIMITS;

/**
 * Login throttling per account and per address with rate-limiter-flexible, in Redis so every API process shares the
 * counters; when Redis is unreachable each limiter falls back to a per-process memory limiter (its insurance), so
 * logins keep working and stay throttled.
 */
@Injectable()
export class LoginThrottle implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LoginThrottle');
  private readonly redis: Redis;
  private readonly limiters: Record<LimitName, RateLimiterAbstract>;
  private warned = false;

  constructor(@InjectConfig() config: ChiboConfig) {
    // No offline queue: a command while Redis is down fails at once and the memory insurance answers.
    this.redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    this.redis.on('error', (error: Error) => {
      if (this.warned) return;
      this.warned = true;
      this.logger.warn(`Redis unreachable for the login throttle (${error.message}); counting in memory in this process`);
    });
    this.redis.on('ready', () => (this.warned = false));
    const make = (name: LimitName): RateLimiterAbstract => {
      const limits = LOGIN_LIMITS[name];
      return new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.queuePrefix}:login:${name}`,
        ...limits,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `login:${name}`, ...limits }),
      });
    };
    this.limiters = {
      accountAddressFailures: make('accountAddressFailures'),
      accountFailures: make('accountFailures'),
      addressFailures: make('addressFailures'),
      addressAttempts: make('addressAttempts'),
    };
  }

  /** Before checking a password: counts the attempt, and refuses (429) while the account or the address waits. */
  async beforeAttempt(login: string, address: string): Promise<void> {
    const keys = this.keys(login, address);
    const waits = await Promise.all([
      this.blockedFor('accountAddressFailures', keys.accountAddress),
      this.blockedFor('accountFailures', keys.account),
      this.blockedFor('addressFailures', keys.address),
    ]);
    let wait = Math.max(...waits);
    if (wait === 0) {
      try {
        await this.limiters.addressAttempts.consume(keys.address);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        wait = Math.ceil(error.msBeforeNext / 1000);
      }
    }
    if (wait > 0) throw tooMany(wait);
  }

  /** After a wrong password (or an unknown login): counts the failure everywhere it applies. */
  async failed(login: string, address: string): Promise<void> {
    const keys = this.keys(login, address);
    await Promise.all([
      this.penalise('accountAddressFailures', keys.accountAddress),
      this.penalise('accountFailures', keys.account),
      this.penalise('addressFailures', keys.address),
    ]);
  }

  /** After a successful login: this account's consecutive failures from this address are forgiven. */
  async succeeded(login: string, address: string): Promise<void> {
    await this.limiters.accountAddressFailures.delete(this.keys(login, address).accountAddress).catch(() => false);
  }

  /** Connects before the first login is served (a process that just started must not count in memory); gives up after 2 s. */
  async onModuleInit(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000)));
    await Promise.race([this.redis.connect().catch(() => undefined), timeout]);
    clearTimeout(timer);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  private keys(login: string, address: string) {
    const account = login.trim().toLowerCase();
    return { account, address, accountAddress: `${account}|${address}` };
  }

  private async blockedFor(name: LimitName, key: string): Promise<number> {
    const res = await this.limiters[name].get(key).catch(() => null);
    if (!res) return 0;
    return res.consumedPoints >= LOGIN_LIMITS[name].points ? Math.ceil(res.msBeforeNext / 1000) : 0;
  }

  private async penalise(name: LimitName, key: string): Promise<void> {
    try {
      await this.limiters[name].consume(key);
    } catch (error) {
      // Over the limit: the key is now blocked for blockDuration (rate-limiter-flexible does that on consume).
      if (!(error instanceof RateLimiterRes)) throw error;
    }
  }
}

function tooMany(seconds: number): TooManyRequestsError {
  const minutes = Math.ceil(seconds / 60);
  return new TooManyRequestsError(`Đăng nhập sai quá nhiều lần; vui lòng thử lại sau ${minutes} phút`, seconds, 'login-throttled');
}
