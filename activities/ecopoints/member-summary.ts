/**
 * Computes a member's mypage summary from MongoDB: the profile (`users`), the total and the points of the last
 * months (the ledger) — three queries, run when the cached one (`summary-cache.ts`) is missing.
 */
import type { Db } from 'mongodb';
import { findUser, type UserProfile } from '../accounts/users';
import { memberMonthlyPoints, totalPoints } from './ledger';
import type { MemberSummary } from './summary-cache';

/**
 * The summary of `userId` with the points of the `months` Asia/Seoul months up to `now`, or null when the
 * member does not exist.
 */
export async function computeMemberSummary(db: Db, userId: string, months: number, now: Date = new Date()): Promise<MemberSummary | null> {
  const [user, total, monthPoints] = await Promise.all([findUser(db, userId), totalPoints(db, userId), memberMonthlyPoints(db, userId, months, now)]);
  if (!user) return null;
  const profile: UserProfile = { userId: user.userId, name: user.name, birthDate: user.birthDate, gender: user.gender, email: user.email, phone: user.phone, region: user.region };
  return { profile, totalPoints: total, monthPoints, computedAt: now.toISOString() };
}
