/**
 * The member's mypage summary (profile, total points, points per month) cached in Redis as
 * `mypage-summary:<userId>` (JSON), so a member's mypage costs Redis reads and no MongoDB query. It is fresh for
 * `MYPAGE_CACHE_TTL_S` after `computedAt`; the key lives {@link STALE_FACTOR} times as long, so while MongoDB
 * cannot compute a new one (down, or too slow) the page shows the last one. Whoever changes what it shows drops
 * it: a grant (`grantPoints(db, grant, { redis })`), a profile change (the web tier); the TTL bounds how stale
 * it can get if a writer does not.
 *
 * Only the cache: computing a summary is `member-summary.ts` (this module imports nothing of the ledger, which
 * imports it).
 */
import type { Redis } from 'ioredis';
import type { UserProfile } from '../accounts/users';

/** What mypage shows of a member that is not in the session. */
export interface MemberSummary {
  readonly profile: UserProfile;
  /** All points the member has been granted. */
  readonly totalPoints: number;
  /** `YYYY-MM` (Asia/Seoul) → the member's points, for the months of the window when it was computed; absent = 0. */
  readonly monthPoints: Readonly<Record<string, number>>;
  /** When it was computed (ISO). */
  readonly computedAt: string;
}

/** How many TTLs a summary is kept for the case MongoDB cannot compute a fresh one. */
export const STALE_FACTOR = 10;

/** True when `summary` was computed less than `ttlS` seconds before `now`. */
export function isFresh(summary: MemberSummary, ttlS: number, now: Date = new Date()): boolean {
  return now.getTime() - Date.parse(summary.computedAt) < ttlS * 1000;
}

/** The Redis key of `userId`'s summary. */
export const summaryKey = (userId: string): string => `mypage-summary:${userId}`;

/** The cached summary of `userId`, fresh or not ({@link isFresh}), or null (none, or not one of ours). */
export async function cachedMemberSummary(redis: Redis, userId: string): Promise<MemberSummary | null> {
  const value = await redis.get(summaryKey(userId));
  if (!value) return null;
  try {
    const summary = JSON.parse(value) as MemberSummary;
    return summary.profile?.userId === userId && typeof summary.totalPoints === 'number' && typeof summary.monthPoints === 'object' ? summary : null;
  } catch {
    return null;
  }
}

/** Caches `summary`: fresh for `ttlS` seconds, kept {@link STALE_FACTOR} times as long. */
export async function cacheMemberSummary(redis: Redis, summary: MemberSummary, ttlS: number): Promise<void> {
  await redis.set(summaryKey(summary.profile.userId), JSON.stringify(summary), 'EX', ttlS * STALE_FACTOR);
}

/** Drops the cached summary of `userId` (after a grant or a profile change). */
export async function forgetMemberSummary(redis: Redis, userId: string): Promise<void> {
  await redis.del(summaryKey(userId));
}
