/**
 * Reads what the live dashboard needs from Redis in ONE transaction (MULTI … EXEC), so every chart of a
 * refresh comes from the same instant: the aggregator applies each batch atomically, so totals and time
 * slots always agree.
 *
 * Rankings over minutes ("last 60 minutes", or an hour) are `ZUNIONSTORE`d into temporary keys, read and
 * deleted inside the same transaction — no other client ever sees them, and nothing is left behind.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AggHash } from './agg-rows';
import type { LiveFilters } from './live-filters';
import type { RankedWord } from './live-panels';
import type { LiveSources } from './live-tabs';
import { rankKeysOf, rankRowsOf, rankWindowsOf, timeSlotsOf, totalKeyOf, type RankSource } from './live-windows';
import type { RankDimension } from '../../../infra/contracts';

/** Words read per ranking (the top-10 charts). */
export const TOP_WORDS = 10;

/** Pairs of a `ZREVRANGE … WITHSCORES` reply as words. */
export function wordsOfReply(reply: readonly string[]): RankedWord[] {
  const words: RankedWord[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) words.push({ word: reply[i] ?? '', count: Number(reply[i + 1]) });
  return words;
}

/**
 * Everything the dashboard shows for `filters`, read at `now`.
 * @throws the Redis error of the first command that failed (the admin error handler answers 503 / 500)
 */
export async function readLiveSources(redis: Redis, filters: LiveFilters, now: Date = new Date()): Promise<LiveSources> {
  const slots = timeSlotsOf(filters, now);
  const windows = rankWindowsOf(filters, now);
  const rows = rankRowsOf(filters);
  const tmpPrefix = `tmp:dashboard:rank:${randomUUID()}`;
  const temps: string[] = [];
  const tx = redis.multi();
  // What each queued command's reply is, in order.
  const replies: ('hash' | 'words' | 'other')[] = [];

  tx.hgetall(totalKeyOf(filters));
  replies.push('hash');
  for (const slot of slots) {
    tx.hgetall(slot.key);
    replies.push('hash');
  }
  const readRanking = (source: RankSource, dim: RankDimension): void => {
    const keys = rankKeysOf(source, dim);
    if (keys.length === 1) {
      tx.zrevrange(keys[0] ?? '', 0, TOP_WORDS - 1, 'WITHSCORES');
    } else {
      const temp = `${tmpPrefix}:${temps.length}`;
      temps.push(temp);
      tx.zunionstore(temp, keys.length, ...keys);
      replies.push('other');
      tx.zrevrange(temp, 0, TOP_WORDS - 1, 'WITHSCORES');
    }
    replies.push('words');
  };
  for (const row of rows) {
    readRanking(windows.main.source, row.dim);
    readRanking(windows.recent.source, row.dim);
  }
  if (temps.length > 0) {
    tx.del(...temps);
    replies.push('other');
  }

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
