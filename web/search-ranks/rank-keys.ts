/**
 * The search-word rankings the real-time aggregator keeps in Redis (`searchRankKey()` and
 * `searchRankMinuteKey()` in infra/contracts.ts), as both areas name them: which keys make a ranking window,
 * how a dimension is named, how a `ZREVRANGE … WITHSCORES` reply reads. Pure (the browser scripts import its
 * types too); `read-ranks.ts` does the reading.
 */
import { ageBandLabel, type AgeBand } from '../../domain/age-band';
import { genderName, type Gender } from '../../domain/gender';
import { searchRankKey, searchRankMinuteKey, type RankDimension } from '../../infra/hot-tier-keys';

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
