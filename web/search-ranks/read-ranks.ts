/**
 * The one reader of the search-word rankings the real-time aggregator keeps in Redis (`searchRankKey()` and
 * `searchRankMinuteKey()` in infra/contracts.ts), for mypage's boxes and the live dashboard's charts and
 * tables: which keys make a ranking window, how a dimension is named, and how the reads are queued and their
 * replies parsed.
 *
 * A ranking over several minutes is `ZUNIONSTORE`d into a temporary key, read and deleted inside the same
 * transaction — no other client ever sees it, and nothing is left behind.
 */
import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import { ageBandLabel, type AgeBand } from '../../domain/age-band';
import { genderName, type Gender } from '../../domain/gender';
import { searchRankKey, searchRankMinuteKey, type RankDimension } from '../../infra/contracts';

/** A ranked word. */
export interface RankedWord {
  readonly word: string;
  readonly count: number;
}

/** Where one ranking window comes from: a day's sorted set, or the union of per-minute sets. */
export type RankSource = { readonly kind: 'day'; readonly date: string } | { readonly kind: 'minutes'; readonly minutes: readonly string[] };

/** One ranking to read: a window and a dimension. */
export interface RankRead {
  readonly source: RankSource;
  readonly dim: RankDimension;
}

/** The ranking dimension of a gender and / or age band (null: not narrowed). */
export function rankDimensionOf(gender: Gender | null, ageBand: AgeBand | null): RankDimension {
  if (gender && ageBand) return { kind: 'gender_age', gender, ageBand };
  if (gender) return { kind: 'gender', gender };
  if (ageBand) return { kind: 'age', ageBand };
  return { kind: 'all' };
}

/** Korean name of a ranking's dimension: `전체`, `여성`, `20대`, `여성 20대`. */
export function rankLabelOf(gender: Gender | null, ageBand: AgeBand | null): string {
  return [gender ? genderName(gender) : '', ageBand ? ageBandLabel(ageBand) : ''].filter(Boolean).join(' ') || '전체';
}

/** The Redis keys of one ranking window for one dimension (one key for a day, one per minute otherwise). */
export function rankKeysOf(source: RankSource, dim: RankDimension): string[] {
  return source.kind === 'day' ? [searchRankKey(source.date, dim)] : source.minutes.map((m) => searchRankMinuteKey(m, dim));
}

/** Pairs of a `ZREVRANGE … WITHSCORES` reply as words. */
export function wordsOfReply(reply: readonly string[]): RankedWord[] {
  const words: RankedWord[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) words.push({ word: reply[i] ?? '', count: Number(reply[i + 1]) });
  return words;
}

/**
 * Queues rankings into a transaction other reads may share (so all come from one instant), and parses their
 * replies afterwards. Use: `queue(read)` for each ranking, `finish()` once before `exec()`, then
 * `kinds` tells which replies are rankings (`'words'`) and which are bookkeeping (`'other'`).
 */
export class RankQueue {
  /** What each reply this queue added is, in order. */
  readonly kinds: ('words' | 'other')[] = [];
  private readonly temps: string[] = [];
  private readonly tmpPrefix = `tmp:rank:${randomUUID()}`;

  constructor(
    private readonly tx: ChainableCommander,
    /** Words read per ranking. */
    private readonly top: number,
  ) {}

  /** Queues one ranking's read. */
  queue(read: RankRead): void {
    const keys = rankKeysOf(read.source, read.dim);
    if (keys.length === 1) {
      this.tx.zrevrange(keys[0] ?? '', 0, this.top - 1, 'WITHSCORES');
    } else {
      const temp = `${this.tmpPrefix}:${this.temps.length}`;
      this.temps.push(temp);
      this.tx.zunionstore(temp, keys.length, ...keys);
      this.kinds.push('other');
      this.tx.zrevrange(temp, 0, this.top - 1, 'WITHSCORES');
    }
    this.kinds.push('words');
  }

  /** Queues the deletion of the temporary keys (call once, after the last `queue`). */
  finish(): void {
    if (this.temps.length === 0) return;
    this.tx.del(...this.temps);
    this.kinds.push('other');
  }
}

/**
 * Reads `reads` in one transaction, each ranking's `top` words.
 * @throws the Redis error of the first command that failed
 */
export async function readRankings(redis: Redis, reads: readonly RankRead[], top: number): Promise<RankedWord[][]> {
  const tx = redis.multi();
  const queue = new RankQueue(tx, top);
  for (const read of reads) queue.queue(read);
  queue.finish();
  const results = await tx.exec();
  if (!results) throw new Error('Redis aborted the ranking transaction');
  const words: RankedWord[][] = [];
  results.forEach(([err, value], i) => {
    if (err) throw err;
    if (queue.kinds[i] === 'words') words.push(wordsOfReply(value as string[]));
  });
  return words;
}
