/**
 * The one reader of the search-word rankings (keys and names in `rank-keys.ts`), for mypage's boxes and the
 * live dashboard's charts and tables: the reads are queued into a transaction and their replies parsed.
 *
 * A ranking over several minutes is `ZUNIONSTORE`d into a temporary key, read and deleted inside the same
 * transaction — no other client ever sees it, and nothing is left behind.
 */
import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import { rankKeysOf, wordsOfReply, type RankedWord, type RankRead } from './rank-keys';

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
