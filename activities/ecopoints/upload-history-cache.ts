/**
 * The member's latest upload records, as mypage's history card shows them, cached in Redis as
 * `mypage-uploads:<userId>` (JSON) so a mypage view costs no MongoDB query while the copy lives.
 *
 * Whoever changes an upload record drops the copy (`storeUpload`, `discardUpload`, the workflow's
 * `finishUpload`, `appealUpload`, each given `{ redis }`), so the card never shows an old stage or verdict for
 * longer than a writer that could not reach Redis leaves it: the TTL bounds that case.
 */
import type { Redis } from 'ioredis';
import type { UploadRecord } from './upload-records';

/** Uploads the history card shows. */
export const HISTORY_LENGTH = 10;

/** The Redis key of `userId`'s cached history. */
export const uploadHistoryKey = (userId: string): string => `mypage-uploads:${userId}`;

type Stored = Omit<UploadRecord, 'receivedAt' | 'finishedAt' | 'appealedAt'> & { receivedAt: string; finishedAt?: string; appealedAt?: string };

function revive(row: Stored): UploadRecord {
  const { receivedAt, finishedAt, appealedAt, ...rest } = row;
  return {
    ...rest,
    receivedAt: new Date(receivedAt),
    ...(finishedAt === undefined ? {} : { finishedAt: new Date(finishedAt) }),
    ...(appealedAt === undefined ? {} : { appealedAt: new Date(appealedAt) }),
  };
}

/** The cached history of `userId`, or null (none, or not one of ours). */
export async function cachedUploadHistory(redis: Redis, userId: string): Promise<UploadRecord[] | null> {
  const value = await redis.get(uploadHistoryKey(userId));
  if (!value) return null;
  try {
    const rows = JSON.parse(value) as Stored[];
    if (!Array.isArray(rows) || rows.some((r) => r.userId !== userId || typeof r.receivedAt !== 'string')) return null;
    return rows.map(revive);
  } catch {
    return null;
  }
}

/** Caches `userId`'s history for `ttlS` seconds (JSON turns the dates into ISO strings; reading revives them). */
export async function cacheUploadHistory(redis: Redis, userId: string, records: readonly UploadRecord[], ttlS: number): Promise<void> {
  await redis.set(uploadHistoryKey(userId), JSON.stringify(records), 'EX', ttlS);
}

/** Drops the cached history of `userId` (an upload record of theirs changed). */
export async function forgetUploadHistory(redis: Redis, userId: string): Promise<void> {
  await redis.del(uploadHistoryKey(userId));
}

/** Options of the writers of upload records: the Redis whose cached history they drop. */
export interface HistoryWriteOptions {
  readonly redis?: Redis;
}

/** Drops the history when a Redis is given; a failure is ignored (the TTL catches up). */
export async function dropHistory(options: HistoryWriteOptions, userId: string): Promise<void> {
  if (options.redis) await forgetUploadHistory(options.redis, userId).catch(() => undefined);
}
