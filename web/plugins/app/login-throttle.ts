/**
 * Throttles password guessing: failed logins are counted in Redis per user id and per client IP in a fixed
 * window that starts at the first failure (`LOGIN_FAIL_WINDOW_S`, default 15 min). Once a counter reaches its
 * limit (`LOGIN_MAX_FAILS_PER_USER` 5, `LOGIN_MAX_FAILS_PER_IP` 20) every login attempt for that id or from
 * that IP is refused with `RateLimited` (429, `Retry-After` = the seconds left) — even with the right password —
 * until the window ends. Successful logins do not count and reset the user id's counter.
 *
 * Trade-off: the per-id limit lets someone lock a member out for one window by failing on purpose; the window
 * is short and the per-IP limit bounds how many ids one client can do that to.
 */
import type { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { InfraError } from '../../../domain/errors';
import { unguarded, type GuardedCall } from '../../stores/store-guard';

/** Limits of {@link LoginThrottle}. */
export interface LoginLimits {
  readonly maxFailsPerUser: number;
  readonly maxFailsPerIp: number;
  /** Window length in seconds. */
  readonly failWindowS: number;
}

const userKey = (userId: string) => `ratelimit:login:user:${userId.toLowerCase().slice(0, 40)}`;
const ipKey = (ip: string) => `ratelimit:login:ip:${ip}`;

/** See the module comment. */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly limits: LoginLimits,
    /** Runs each Redis call (the web tier's Redis guard). Default: directly. */
    private readonly guard: GuardedCall = unguarded,
  ) {}

  /**
   * Throws when `userId` or `ip` has used up its failures.
   * @throws InfraError `RateLimited` with `details.retryAfterS`
   */
  async assertAllowed(userId: string, ip: string): Promise<void> {
    const results = (await this.guard(() => this.redis.pipeline().get(userKey(userId)).get(ipKey(ip)).ttl(userKey(userId)).ttl(ipKey(ip)).exec())) ?? [];
    const [userFails, ipFails, userTtl, ipTtl] = results.map(([err, value]) => {
      if (err) throw err;
      return Number(value ?? 0);
    }) as [number, number, number, number];
    const waits: number[] = [];
    if (userFails >= this.limits.maxFailsPerUser) waits.push(userTtl);
    if (ipFails >= this.limits.maxFailsPerIp) waits.push(ipTtl);
    if (waits.length === 0) return;
    const retryAfterS = Math.max(1, ...waits.map((t) => (t > 0 ? t : this.limits.failWindowS)));
    throw new InfraError('RateLimited', `로그인 시도가 너무 많아요. ${Math.ceil(retryAfterS / 60)}분 뒤에 다시 시도해 주세요.`, { retryAfterS });
  }

  /**
   * Counts a failed login for `userId` and `ip` (the window starts at the first failure).
   * @returns how many more failures the user id may have before it is locked (0: locked now)
   */
  async recordFailure(userId: string, ip: string): Promise<number> {
    const window = this.limits.failWindowS;
    const results = (await this.guard(() => this.redis.multi().incr(userKey(userId)).expire(userKey(userId), window, 'NX').incr(ipKey(ip)).expire(ipKey(ip), window, 'NX').exec())) ?? [];
    const [err, fails] = results[0] ?? [null, 0];
    if (err) throw err;
    return Math.max(0, this.limits.maxFailsPerUser - Number(fails));
  }

  /** Forgets the user id's failures (after a password reset). */
  async forgetFailures(userId: string): Promise<void> {
    await this.guard(() => this.redis.del(userKey(userId)));
  }

  /** The lock's length in whole minutes (for messages). */
  get lockMinutes(): number {
    return Math.ceil(this.limits.failWindowS / 60);
  }

  /** A successful login: the user id's failures are forgiven (the IP's are not). */
  async recordSuccess(userId: string): Promise<void> {
    await this.guard(() => this.redis.del(userKey(userId)));
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Failed-login counters. */
    loginThrottle: LoginThrottle;
  }
}

function loginThrottlePlugin(app: FastifyInstance): Promise<void> {
  app.decorate('loginThrottle', new LoginThrottle(app.stores.redis.redis, app.config.web.login, app.storeGuards.redis.run));
  return Promise.resolve();
}

/** The failed-login throttle plugin (app-wide). */
export const loginThrottle = fp(loginThrottlePlugin, { name: 'ciao-login-throttle', fastify: '5.x', dependencies: ['ciao-store-guards'] });
