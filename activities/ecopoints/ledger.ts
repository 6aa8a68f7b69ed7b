/**
 * The eco-point ledger, MongoDB `ciao.ecopoints`: one document per grant, never updated, so the history is
 * the audit trail and totals are sums. Used by the web tier (mypage) and by the eco-point activities.
 *
 * FerretDB (the local MongoDB substitute) supports only `$sum` / `$count` in `$group`, and with two or more
 * accumulators in one `$group` every one after the first silently returns 0 — so every `$group` here has
 * exactly one accumulator.
 */
import type { Redis } from 'ioredis';
import type { Collection, Db } from 'mongodb';
import { InfraError } from '../../domain/errors';
import { SEOUL_OFFSET_MS, seoulWallClock } from '../../domain/korea-time';
import { COLLECTIONS } from '../../infra/contracts';
import { countMembers } from '../accounts/users';
import { forgetMemberSummary } from './summary-cache';

/** Which eco-point service granted the points: 1 = PET photo, 2 = receipt. */
export type EcoService = 1 | 2;

/** One grant. */
export interface PointGrant {
  readonly userId: string;
  readonly service: EcoService;
  /** Whole points, 0 … 1000. */
  readonly points: number;
  /** Why (a stable code string, e.g. `pet_bottles`, `receipt_nolabel`). */
  readonly reason: string;
  readonly grantedAt: Date;
}

/** Points of one Asia/Seoul month. */
export interface MonthlyPoints {
  /** `YYYY-MM` (Asia/Seoul). */
  readonly month: string;
  /** The member's points that month. */
  readonly points: number;
  /** Points of all members that month divided by the number of members signed up by the month's end (0 when none), to 0.1. */
  readonly averagePoints: number;
}

function ledger(db: Db): Collection<PointGrant> {
  return db.collection<PointGrant>(COLLECTIONS.ecopoints);
}

/** Options of {@link grantPoints}. */
export interface GrantOptions {
  /**
   * The Redis client whose cached mypage summary of the member is dropped after the grant, so the member sees
   * the new points at once (`activities/ecopoints/summary-cache.ts`). Without it the summary catches up within
   * its TTL (`MYPAGE_CACHE_TTL_S`). A Redis failure here is ignored: the grant is recorded either way.
   */
  readonly redis?: Redis;
}

/**
 * Records a grant.
 * @param grant.grantedAt default now
 * @throws InfraError `ValidationFailed` for a service other than 1 / 2, points that are not a whole number in
 *   0 … 1000, or an empty reason
 */
export async function grantPoints(db: Db, grant: Omit<PointGrant, 'grantedAt'> & { readonly grantedAt?: Date }, options: GrantOptions = {}): Promise<PointGrant> {
  if (grant.service !== 1 && grant.service !== 2) throw new InfraError('ValidationFailed', `service must be 1 or 2, got ${String(grant.service)}`);
  if (!Number.isInteger(grant.points) || grant.points < 0 || grant.points > 1000) throw new InfraError('ValidationFailed', `points must be a whole number in 0 … 1000, got ${grant.points}`);
  if (!grant.reason || grant.reason.length > 60) throw new InfraError('ValidationFailed', 'reason must be a code of 1 … 60 characters');
  const doc: PointGrant = { userId: grant.userId, service: grant.service, points: grant.points, reason: grant.reason, grantedAt: grant.grantedAt ?? new Date() };
  await ledger(db).insertOne({ ...doc });
  if (options.redis) await forgetMemberSummary(options.redis, doc.userId).catch(() => undefined);
  return doc;
}

/**
 * Records a grant at most once per `grantId` (e.g. `upload:<uploadId>`): the grant's document id is `grantId`,
 * so a retried or repeated call finds it and adds nothing. Same checks as {@link grantPoints}.
 * @returns true when this call recorded the grant, false when it existed already
 */
export async function grantPointsOnce(db: Db, grantId: string, grant: Omit<PointGrant, 'grantedAt'> & { readonly grantedAt?: Date }, options: GrantOptions = {}): Promise<boolean> {
  if (grant.service !== 1 && grant.service !== 2) throw new InfraError('ValidationFailed', `service must be 1 or 2, got ${String(grant.service)}`);
  if (!Number.isInteger(grant.points) || grant.points < 0 || grant.points > 1000) throw new InfraError('ValidationFailed', `points must be a whole number in 0 … 1000, got ${grant.points}`);
  if (!grant.reason || grant.reason.length > 60) throw new InfraError('ValidationFailed', 'reason must be a code of 1 … 60 characters');
  const doc: PointGrant = { userId: grant.userId, service: grant.service, points: grant.points, reason: grant.reason, grantedAt: grant.grantedAt ?? new Date() };
  const result = await db.collection<PointGrant & { _id: string }>(COLLECTIONS.ecopoints).updateOne({ _id: grantId }, { $setOnInsert: doc }, { upsert: true });
  // New points show on mypage at once: its cached summary is dropped (best effort, as in grantPoints).
  if (result.upsertedCount === 1 && options.redis) await forgetMemberSummary(options.redis, doc.userId).catch(() => undefined);
  return result.upsertedCount === 1;
}

/** Sum of `points` over the grants matching `filter` (one accumulator: see the module comment). */
async function sumPoints(db: Db, filter: Record<string, unknown>): Promise<number> {
  const rows = await ledger(db)
    .aggregate<{ total: number }>([{ $match: filter }, { $group: { _id: null, total: { $sum: '$points' } } }])
    .toArray();
  return rows[0]?.total ?? 0;
}

/** All points the member has been granted. */
export async function totalPoints(db: Db, userId: string): Promise<number> {
  return sumPoints(db, { userId });
}

/** The last `count` Asia/Seoul months up to the one containing `now`, oldest first, as `[start, end)` instants. */
export function seoulMonths(count: number, now: Date): { month: string; start: Date; end: Date }[] {
  const seoul = seoulWallClock(now.getTime());
  const year = seoul.getUTCFullYear();
  const month = seoul.getUTCMonth();
  return Array.from({ length: count }, (_, i) => {
    const m = month - (count - 1 - i);
    const start = new Date(Date.UTC(year, m, 1) - SEOUL_OFFSET_MS);
    const end = new Date(Date.UTC(year, m + 1, 1) - SEOUL_OFFSET_MS);
    const label = new Date(Date.UTC(year, m, 1)).toISOString().slice(0, 7);
    return { month: label, start, end };
  });
}

/**
 * The member's points per Asia/Seoul month for the last `months` months (the current one included), as
 * `YYYY-MM` → points (months without points are absent). One query: the member's grants of the window (index
 * `user_time`), summed here.
 */
export async function memberMonthlyPoints(db: Db, userId: string, months: number, now: Date = new Date()): Promise<Record<string, number>> {
  const window = seoulMonths(months, now);
  const first = window[0];
  const last = window[window.length - 1];
  if (!first || !last) return {};
  const grants = await ledger(db)
    .find({ userId, grantedAt: { $gte: first.start, $lt: last.end } }, { projection: { _id: 0, points: 1, grantedAt: 1 } })
    .toArray();
  const byMonth: Record<string, number> = {};
  for (const g of grants) {
    const month = seoulWallClock(g.grantedAt.getTime()).toISOString().slice(0, 7);
    byMonth[month] = (byMonth[month] ?? 0) + g.points;
  }
  return byMonth;
}

/**
 * The average of all members for each of the last `months` Asia/Seoul months (oldest first): that month's
 * points of all members ÷ members signed up by the month's end (0 when none), to 0.1. The same for every
 * member, so the web tier computes it once and keeps it for a while (web/site/mypage/monthly-averages.ts).
 */
export async function monthlyAverages(db: Db, months: number, now: Date = new Date()): Promise<{ month: string; averagePoints: number }[]> {
  return Promise.all(
    seoulMonths(months, now).map(async ({ month, start, end }) => {
      const [all, members] = await Promise.all([sumPoints(db, { grantedAt: { $gte: start, $lt: end } }), countMembers(db, end)]);
      return { month, averagePoints: members === 0 ? 0 : Math.round((all / members) * 10) / 10 };
    }),
  );
}

/**
 * The member's points per Asia/Seoul month for the last `months` months (the current one included, oldest
 * first), each with the average of all members that month. (Mypage reads the two halves separately and caches
 * them: {@link memberMonthlyPoints}, {@link monthlyAverages}.)
 */
export async function monthlyTotals(db: Db, userId: string, months: number, now: Date = new Date()): Promise<MonthlyPoints[]> {
  return Promise.all(
    seoulMonths(months, now).map(async ({ month, start, end }) => {
      const range = { grantedAt: { $gte: start, $lt: end } };
      const [points, all, members] = await Promise.all([sumPoints(db, { userId, ...range }), sumPoints(db, range), countMembers(db, end)]);
      return { month, points, averagePoints: members === 0 ? 0 : Math.round((all / members) * 10) / 10 };
    }),
  );
}
