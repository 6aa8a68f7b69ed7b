/**
 * The member's mypage summary (profile, total points, points per month) cached in Redis as
 * `mypage-summary:<userId>` (JSON, TTL `MYPAGE_CACHE_TTL_S`), so a member's mypage costs Redis reads and no
 * MongoDB query. Whoever changes what it shows drops it: a grant (`grantPoints(db, grant, { redis })`), a
 * profile change (the web tier); the TTL bounds how stale it can get if a writer does not.
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

/** The Redis key of `userId`'s summary. */
export const summaryKey = (userId: string): string => `mypage-summary:${userId}`;

/** The cached summary of `userId`, or null (none, expired, or not one of ours). */
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

/** Caches `summary` for `ttlS` seconds. */
export async function cacheMemberSummary(redis: Redis, summary: MemberSummary, ttlS: number): Promise<void> {
  await redis.set(summaryKey(summary.profile.userId), JSON.stringify(summary), 'EX', ttlS);
}

/** Drops the cached summary of `userId` (after a grant or a profile change). */
export async function forgetMemberSummary(redis: Redis, userId: string): Promise<void> {
  await redis.del(summaryKey(userId));
}
