/**
 * Mypage's upload history for a request: the Redis copy (`activities/ecopoints/upload-history-cache.ts`),
 * otherwise the latest records from MongoDB, then cached. The writers of upload records drop the copy, so it can
 * live longer than the summary's TTL; concurrent reads of one member in this process share one query. Each store
 * call goes through its guard: with MongoDB down and no copy the card is left out (undefined), the page still
 * shows.
 */
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { cacheUploadHistory, cachedUploadHistory, HISTORY_LENGTH } from '../../../activities/ecopoints/upload-history-cache';
import { listOwnUploads, type UploadRecord } from '../../../activities/ecopoints/upload-records';
import type { StoreGuards } from '../../plugins/app/store-guards';

/** See the module comment. */
export class UploadHistories {
  private readonly loading = new Map<string, Promise<UploadRecord[]>>();

  constructor(
    private readonly redis: Redis,
    private readonly db: Db,
    private readonly guards: StoreGuards,
    /** Lifetime of a cached history, in seconds (a bound for writers that could not reach Redis). */
    private readonly ttlS: number,
  ) {}

  /** The latest uploads of `userId`, newest first, or undefined when neither Redis nor MongoDB can say. */
  async read(userId: string): Promise<UploadRecord[] | undefined> {
    const cached = await this.guards.redis.run(() => cachedUploadHistory(this.redis, userId)).catch(() => null);
    if (cached) return cached;
    let loading = this.loading.get(userId);
    if (!loading) {
      loading = this.guards.mongo.run(() => listOwnUploads(this.db, userId, HISTORY_LENGTH)).finally(() => this.loading.delete(userId));
      this.loading.set(userId, loading);
      void loading.then((records) => this.guards.redis.run(() => cacheUploadHistory(this.redis, userId, records, this.ttlS))).catch(() => undefined);
    }
    return loading.catch(() => undefined);
  }
}
