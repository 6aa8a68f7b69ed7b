/**
 * Mypage's member summary (profile, total, points per month) for a request: the Redis copy
 * (`activities/ecopoints/summary-cache.ts`), otherwise computed from MongoDB and cached. A copy older than
 * `MYPAGE_CACHE_TTL_S` is still shown while a new one is computed in the background (so a page never waits on
 * MongoDB while any copy exists, and while MongoDB fails the last copy stays, up to ten TTLs); without a copy the
 * page waits for the computation, and a MongoDB failure is the guard's 503. Concurrent computations of one
 * member in this process are shared. Each store call goes through its guard; a Redis failure only costs the
 * cache.
 */
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { computeMemberSummary } from '../../../activities/ecopoints/member-summary';
import { cacheMemberSummary, cachedMemberSummary, forgetMemberSummary, isFresh, type MemberSummary } from '../../../activities/ecopoints/summary-cache';
import type { StoreGuards } from '../../plugins/app/store-guards';

/** Months mypage's chart shows (the current one included). */
export const MYPAGE_MONTHS = 4;

/** See the module comment. */
export class MemberSummaries {
  private readonly computing = new Map<string, Promise<MemberSummary | null>>();

  constructor(
    private readonly redis: Redis,
    private readonly db: Db,
    private readonly guards: StoreGuards,
    /** Lifetime of a cached summary, in seconds. */
    private readonly ttlS: number,
    /** Months of the chart. */
    private readonly months: number,
  ) {}

  /** The summary of `userId`, or null when the member does not exist. */
  async read(userId: string, now: Date = new Date()): Promise<MemberSummary | null> {
    const cached = await this.guards.redis.run(() => cachedMemberSummary(this.redis, userId)).catch(() => null);
    if (!cached) return this.compute(userId, now);
    // An old copy is shown at once while a new one is computed for the next request (or kept, if MongoDB fails).
    if (!isFresh(cached, this.ttlS, now)) void this.compute(userId, now).catch(() => undefined);
    return cached;
  }

  /** Computes the summary of `userId` (sharing a computation in flight) and caches it. */
  private compute(userId: string, now: Date): Promise<MemberSummary | null> {
    let computing = this.computing.get(userId);
    if (!computing) {
      computing = this.guards.mongo.run(() => computeMemberSummary(this.db, userId, this.months, now)).finally(() => this.computing.delete(userId));
      this.computing.set(userId, computing);
      void computing
        .then((summary) => (summary ? this.guards.redis.run(() => cacheMemberSummary(this.redis, summary, this.ttlS)) : undefined))
        .catch(() => undefined);
    }
    return computing;
  }

  /** Drops the cached summary of `userId` (its profile changed); a Redis failure is ignored (the TTL catches up). */
  async forget(userId: string): Promise<void> {
    await this.guards.redis.run(() => forgetMemberSummary(this.redis, userId)).catch(() => undefined);
  }
}
