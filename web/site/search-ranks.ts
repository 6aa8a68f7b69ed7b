/**
 * Mypage's boxes of today's top search words for the member's gender × age band, gender, and age band, read
 * by the one search-rank reader (`web/search-ranks/read-ranks.ts`) in one transaction.
 */
import type { Redis } from 'ioredis';
import type { AgeBand } from '../../domain/age-band';
import type { Gender } from '../../domain/gender';
import { seoulDate } from '../../domain/age-band';
import { rankDimensionOf, rankLabelOf, type RankedWord } from '../search-ranks/rank-keys';
import { readRankings } from '../search-ranks/read-ranks';

/** One ranking box. */
export interface RankList {
  /** Korean title (`여성 20대`, `여성`, `20대`). */
  readonly label: string;
  /** Top words, best first; empty until the day has data. */
  readonly words: readonly RankedWord[];
}

/**
 * The three rankings of today (Asia/Seoul) for `gender` × `ageBand`.
 * @param top how many words each (default 5)
 */
export async function readTopWords(redis: Redis, who: { gender: Gender; ageBand: AgeBand }, now: Date = new Date(), top = 5): Promise<RankList[]> {
  const source = { kind: 'day', date: seoulDate(now) } as const;
  const boxes: [Gender | null, AgeBand | null][] = [
    [who.gender, who.ageBand],
    [who.gender, null],
    [null, who.ageBand],
  ];
  const words = await readRankings(redis, boxes.map(([g, a]) => ({ source, dim: rankDimensionOf(g, a) })), top);
  return boxes.map(([g, a], i) => ({ label: rankLabelOf(g, a), words: words[i] ?? [] }));
}
