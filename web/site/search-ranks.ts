/**
 * Today's top search words for a member's gender × age band, gender, and age band, read from the sorted
 * sets the real-time aggregator keeps (`searchRankKey()` in infra/contracts.ts) — one round trip.
 */
import type { Redis } from 'ioredis';
import { ageBandLabel, seoulDate, type AgeBand } from '../../domain/age-band';
import { searchRankKey, type RankDimension } from '../../infra/contracts';

/** A ranked word. */
export interface RankedWord {
  readonly word: string;
  readonly count: number;
}

/** One ranking box. */
export interface RankList {
  /** Korean title (`20대 여성`, `여성`, `20대`). */
  readonly label: string;
  /** Top words, best first; empty until the day has data. */
  readonly words: readonly RankedWord[];
}

/** Korean label of a gender. */
export function genderLabel(gender: 'M' | 'W'): string {
  return gender === 'W' ? '여성' : '남성';
}

/** Pairs of a `ZREVRANGE … WITHSCORES` reply as words. */
export function rankedWords(reply: readonly string[]): RankedWord[] {
  const words: RankedWord[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) words.push({ word: reply[i] ?? '', count: Number(reply[i + 1]) });
  return words;
}

/**
 * The three rankings of today (Asia/Seoul) for `gender` × `ageBand`.
 * @param top how many words each (default 5)
 */
export async function readTopWords(redis: Redis, who: { gender: 'M' | 'W'; ageBand: AgeBand }, now: Date = new Date(), top = 5): Promise<RankList[]> {
  const date = seoulDate(now);
  const dims: { label: string; dim: RankDimension }[] = [
    { label: `${ageBandLabel(who.ageBand)} ${genderLabel(who.gender)}`, dim: { kind: 'gender_age', gender: who.gender, ageBand: who.ageBand } },
    { label: genderLabel(who.gender), dim: { kind: 'gender', gender: who.gender } },
    { label: ageBandLabel(who.ageBand), dim: { kind: 'age', ageBand: who.ageBand } },
  ];
  const pipeline = redis.pipeline();
  for (const { dim } of dims) pipeline.zrevrange(searchRankKey(date, dim), 0, top - 1, 'WITHSCORES');
  const results = (await pipeline.exec()) ?? [];
  return dims.map(({ label }, i) => {
    const [err, reply] = results[i] ?? [null, []];
    if (err) throw err;
    return { label, words: rankedWords(reply as string[]) };
  });
}
