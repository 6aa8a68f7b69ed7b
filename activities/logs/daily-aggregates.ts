/**
 * The warm tier's records from the hot tier's day keys, and their MongoDB documents — pure, so the mapping
 * is unit-tested apart from Redis, Kafka and MongoDB.
 */
import { AGE_BANDS } from '../../domain/age-band';
import { dailyAggregateKey, type DailyAggregateMessage, type DailyCountMessage, type DailyRankingMessage } from '../../domain/aggregate-messages';
import { NO_DIM, parseAggField, searchRankKey, type RankDimension } from '../../infra/contracts';
import { GENDERS } from '../../domain/gender';

/** Every dimension of the search-word rankings: all, per gender, per age band, per gender × age band. */
export function rankDimensions(): RankDimension[] {
  return [
    { kind: 'all' },
    ...GENDERS.map((gender) => ({ kind: 'gender', gender }) as const),
    ...AGE_BANDS.map((ageBand) => ({ kind: 'age', ageBand }) as const),
    ...GENDERS.flatMap((gender) => AGE_BANDS.map((ageBand) => ({ kind: 'gender_age', gender, ageBand }) as const)),
  ];
}

/** The dimension's label as it ends its Redis key: `all`, `g:W`, `a:20`, `ga:W:20`. */
export function rankDimLabel(dim: RankDimension): string {
  return searchRankKey('', dim).slice('rank:search::'.length);
}

const orNull = (text: string): string | null => (text === NO_DIM || text === '' ? null : text);

/**
 * One count record per field of the day's `agg:1d:<day>` hash, ordered by key; fields that do not parse are
 * returned apart.
 */
export function dailyCountMessages(day: string, hash: Readonly<Record<string, string>>, batch: string): { messages: DailyCountMessage[]; skipped: string[] } {
  const messages: DailyCountMessage[] = [];
  const skipped: string[] = [];
  for (const [field, raw] of Object.entries(hash)) {
    const f = parseAggField(field);
    const value = Number(raw);
    const gender = orNull(f.gender);
    const ageBand = orNull(f.ageBand) === null ? null : Number(f.ageBand);
    if (!f.metric || !Number.isFinite(value) || (gender !== null && gender !== 'M' && gender !== 'W') || (ageBand !== null && !Number.isInteger(ageBand))) {
      skipped.push(field);
      continue;
    }
    messages.push({ kind: 'daily_aggregates', day, metric: f.metric, gender, ageBand, region: orNull(f.region), value, batch });
  }
  messages.sort((a, b) => (dailyAggregateKey(a) < dailyAggregateKey(b) ? -1 : 1));
  return { messages, skipped };
}

/**
 * The ranking record of one dimension from `ZRANGE … REV WITHSCORES` output (`[word, score, word, score, …]`),
 * or undefined when the ranking is empty.
 */
export function dailyRankingMessage(day: string, dim: RankDimension, withScores: readonly string[], batch: string): DailyRankingMessage | undefined {
  const words: { word: string; count: number }[] = [];
  for (let i = 0; i + 1 < withScores.length; i += 2) words.push({ word: withScores[i] as string, count: Math.round(Number(withScores[i + 1])) });
  return words.length === 0 ? undefined : { kind: 'daily_aggregates', day, metric: 'search_rank', dim: rankDimLabel(dim), words, batch };
}

/**
 * A document of `logs_daily`: the record, keyed by `_id` = day + metric + dimensions, with the day in the
 * indexed field `date` (`YYYY-MM-DD`, Korea time) and the batch that last wrote it.
 */
export type WarmTierDocument = WarmTierKeys & (Omit<DailyCountMessage, 'kind' | 'day'> | Omit<DailyRankingMessage, 'kind' | 'day'>);

interface WarmTierKeys {
  readonly _id: string;
  readonly date: string;
  readonly loadedAt: Date;
}

/** The `logs_daily` document of a record. */
export function toWarmTierDocument(message: DailyAggregateMessage, loadedAt: Date): WarmTierDocument {
  const { kind: _kind, day, ...rest } = message;
  return { _id: dailyAggregateKey(message), date: day, loadedAt, ...rest };
}
