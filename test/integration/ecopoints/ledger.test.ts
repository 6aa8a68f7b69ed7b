import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from 'mongodb';
import { createUser } from '../../../activities/accounts/users';
import { grantPoints, grantPointsOnce, memberMonthlyPoints, monthlyAverages, monthlyTotals, totalPoints } from '../../../activities/ecopoints/ledger';
import { computeMemberSummary } from '../../../activities/ecopoints/member-summary';
import { cacheMemberSummary, cachedMemberSummary } from '../../../activities/ecopoints/summary-cache';
import { isCiaoError } from '../../../domain/errors';
import { COLLECTIONS } from '../../../infra/contracts';
import { uniqueSuffix, useStores } from '../../support/stores';

const { stores } = useStores();
/** A database of its own, so the all-member averages are exactly what this file wrote. */
let db: Db;

const member = (userId: string, createdAt: Date) =>
  createUser(db, { userId, password: 'greenbottle1', name: '테스트', birthDate: '1995-03-02', gender: 'W', email: `${userId}@example.com`, phone: '010-1234-5678', region: 'seoul' }, { now: createdAt });

/** Korea time instant. */
const kst = (iso: string) => new Date(`${iso}+09:00`);

describe('eco-point ledger (real FerretDB)', () => {
  before(async () => {
    db = stores.mongo.client.db(`ciao_test_${uniqueSuffix()}`);
    await db.collection(COLLECTIONS.users).createIndex({ userId: 1 }, { unique: true });
  });
  after(async () => {
    await db.dropDatabase();
  });

  it('sums every grant of a member', async () => {
    await grantPoints(db, { userId: 'sum_a', service: 1, points: 30, reason: 'pet_bottles' });
    await grantPoints(db, { userId: 'sum_a', service: 2, points: 25, reason: 'receipt_nolabel' });
    await grantPoints(db, { userId: 'sum_b', service: 1, points: 10, reason: 'pet_bottles' });
    assert.equal(await totalPoints(db, 'sum_a'), 55);
    assert.equal(await totalPoints(db, 'nobody'), 0);
  });

  it('records a grant once per id, however often it is asked (retries, the same upload twice)', async () => {
    const grant = { userId: 'once_a', service: 1 as const, points: 20, reason: 'pet_bottles' };
    const results = [await grantPointsOnce(db, 'upload:once-1', grant), await grantPointsOnce(db, 'upload:once-1', { ...grant, points: 30 })];
    results.push(...(await Promise.all([1, 2, 3].map(() => grantPointsOnce(db, 'upload:once-2', grant)))));
    assert.deepEqual(results.slice(0, 2), [true, false]);
    assert.equal(results.slice(2).filter(Boolean).length, 1, 'three at once: one records it');
    assert.equal(await totalPoints(db, 'once_a'), 40, 'the first grant of each id, and nothing else');
  });

  it('refuses a grant with a bad service or points', async () => {
    await assert.rejects(grantPoints(db, { userId: 'x', service: 3 as 1, points: 10, reason: 'r' }), (e: unknown) => isCiaoError(e, 'ValidationFailed'));
    await assert.rejects(grantPoints(db, { userId: 'x', service: 1, points: 1.5, reason: 'r' }), (e: unknown) => isCiaoError(e, 'ValidationFailed'));
  });

  it('totals the last months in Korea time, each against the average of all members', async () => {
    const now = kst('2026-03-10T12:00:00');
    await member('month_a', kst('2025-10-01T00:00:00'));
    await member('month_b', kst('2025-10-01T00:00:00'));
    await member('month_c', kst('2026-02-15T00:00:00')); // joins in February: not a member yet in January
    // 2026-01-31 23:30 KST is still January in Seoul although it is 14:30 UTC the same day.
    await grantPoints(db, { userId: 'month_a', service: 1, points: 40, reason: 'pet_bottles', grantedAt: kst('2026-01-31T23:30:00') });
    // 2026-02-01 00:10 KST is February in Seoul but still January 31 in UTC.
    await grantPoints(db, { userId: 'month_a', service: 2, points: 20, reason: 'receipt_nolabel', grantedAt: kst('2026-02-01T00:10:00') });
    await grantPoints(db, { userId: 'month_b', service: 1, points: 30, reason: 'pet_bottles', grantedAt: kst('2026-02-20T10:00:00') });
    await grantPoints(db, { userId: 'month_c', service: 1, points: 40, reason: 'pet_bottles', grantedAt: kst('2026-02-21T10:00:00') });
    await grantPoints(db, { userId: 'month_a', service: 1, points: 10, reason: 'pet_bottles', grantedAt: kst('2026-03-09T10:00:00') });
    await grantPoints(db, { userId: 'month_a', service: 1, points: 50, reason: 'pet_bottles', grantedAt: kst('2025-11-30T10:00:00') }); // outside the window

    const months = await monthlyTotals(db, 'month_a', 4, now);
    assert.deepEqual(months, [
      { month: '2025-12', points: 0, averagePoints: 0 },
      { month: '2026-01', points: 40, averagePoints: 20 }, // 40 points / 2 members
      { month: '2026-02', points: 20, averagePoints: 30 }, // (20 + 30 + 40) / 3 members
      { month: '2026-03', points: 10, averagePoints: 3.3 }, // 10 / 3
    ]);
    // Mypage's two halves give the same figures: the member's points by month (one query) and the averages.
    assert.deepEqual(await memberMonthlyPoints(db, 'month_a', 4, now), { '2026-01': 40, '2026-02': 20, '2026-03': 10 });
    assert.deepEqual(
      await monthlyAverages(db, 4, now),
      months.map(({ month, averagePoints }) => ({ month, averagePoints })),
    );
  });

  it("computes a member's mypage summary, and a grant with the Redis client drops its cached copy", async () => {
    const now = kst('2026-03-10T12:00:00');
    await member('summary_a', kst('2026-01-01T00:00:00'));
    await grantPoints(db, { userId: 'summary_a', service: 1, points: 30, reason: 'pet_bottles', grantedAt: kst('2026-03-01T09:00:00') });
    await grantPoints(db, { userId: 'summary_a', service: 2, points: 15, reason: 'receipt_nolabel', grantedAt: kst('2025-06-01T09:00:00') });
    const summary = await computeMemberSummary(db, 'summary_a', 4, now);
    assert.equal(summary?.totalPoints, 45);
    assert.deepEqual(summary?.monthPoints, { '2026-03': 30 });
    assert.equal(summary?.profile.userId, 'summary_a');
    assert.ok(summary && !('passwordHash' in summary.profile), 'no password hash in the cached profile');
    assert.equal(await computeMemberSummary(db, 'no_such_member', 4, now), null);

    const redis = stores.redis.redis;
    await cacheMemberSummary(redis, summary, 60);
    assert.deepEqual(await cachedMemberSummary(redis, 'summary_a'), summary);
    await grantPoints(db, { userId: 'summary_a', service: 1, points: 10, reason: 'pet_bottles' }, { redis });
    assert.equal(await cachedMemberSummary(redis, 'summary_a'), null);
  });
});

