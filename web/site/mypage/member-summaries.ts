/**
 * Mypage's member summary (profile, total, points per month) for a request: the Redis copy when there is one
 * (`activities/ecopoints/summary-cache.ts`), otherwise computed from MongoDB and cached for `MYPAGE_CACHE_TTL_S`.
 * Concurrent misses of one member in this process share one computation. Each store call goes through its
 * guard; a Redis failure only costs the cache (the summary is computed), a MongoDB failure on a miss is the
 * guard's 503.
 */
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { computeMemberSummary } from '../../../activities/ecopoints/member-summary';
import { cacheMemberSummary, cachedMemberSummary, forgetMemberSummary, type MemberSummary } from '../../../activities/ecopoints/summary-cache';
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
    if (cached) return cached;
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
