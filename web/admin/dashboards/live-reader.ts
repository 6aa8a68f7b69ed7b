/**
 * Reads what the live dashboard needs from Redis in ONE transaction (MULTI … EXEC), so every chart of a
 * refresh comes from the same instant: the aggregator applies each batch atomically, so totals and time
 * slots always agree.
 *
 * The rankings are queued by the one search-rank reader (`web/search-ranks/read-ranks.ts`) into the same
 * transaction.
 */
import type { Redis } from 'ioredis';
import { RankQueue } from '../../search-ranks/read-ranks';
import { wordsOfReply, type RankedWord } from '../../search-ranks/rank-keys';
import type { AggHash } from './agg-rows';
import type { LiveFilters } from './live-filters';
import type { LiveSources } from './live-tabs';
import { rankRowsOf, rankWindowsOf, timeSlotsOf, totalKeyOf } from './live-windows';

/** Words read per ranking (the top-10 charts). */
export const TOP_WORDS = 10;

/**
 * Everything the dashboard shows for `filters`, read at `now`.
 * @throws the Redis error of the first command that failed (the admin error handler answers 503 / 500)
 */
export async function readLiveSources(redis: Redis, filters: LiveFilters, now: Date = new Date()): Promise<LiveSources> {
  const slots = timeSlotsOf(filters, now);
  const windows = rankWindowsOf(filters, now);
  const rows = rankRowsOf(filters);
  const tx = redis.multi();
  // What each queued command's reply is, in order.
  const replies: ('hash' | 'words' | 'other')[] = [];

  tx.hgetall(totalKeyOf(filters));
  replies.push('hash');
  for (const slot of slots) {
    tx.hgetall(slot.key);
    replies.push('hash');
  }
  const ranks = new RankQueue(tx, TOP_WORDS);
  for (const row of rows) {
    ranks.queue({ source: windows.main.source, dim: row.dim });
    ranks.queue({ source: windows.recent.source, dim: row.dim });
  }
  ranks.finish();
  replies.push(...ranks.kinds);

  const results = await tx.exec();
  if (!results) throw new Error('Redis aborted the dashboard transaction');
  const hashes: AggHash[] = [];
  const words: RankedWord[][] = [];
  results.forEach(([err, value], i) => {
    if (err) throw err;
    if (replies[i] === 'hash') hashes.push((value ?? {}) as AggHash);
    else if (replies[i] === 'words') words.push(wordsOfReply(value as string[]));
  });
  return {
    total: hashes[0] ?? {},
    slots: slots.map((s, i) => ({ label: s.label, hash: hashes[i + 1] ?? {} })),
    windows: { main: windows.main.label, recent: windows.recent.label },
    ranks: rows.map((row, i) => ({ row, main: words[2 * i] ?? [], recent: words[2 * i + 1] ?? [] })),
  };
}
