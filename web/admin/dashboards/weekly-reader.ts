/**
 * Reads the weekly dashboard's documents from MongoDB `logs_daily` (the warm tier): every document of the 7
 * days, split into counters, search rankings and distributions. Grouping happens in Node, not in an
 * aggregation pipeline: FerretDB's `$group` returns 0 for every accumulator but the first, and a week is a
 * few thousand small documents.
 */
import type { Db } from 'mongodb';
import { AGE_BANDS, type AgeBand } from '../../../domain/age-band';
import { isRegionCode } from '../../../domain/regions';
import { COLLECTIONS } from '../../../infra/contracts';
import type { DailyCount, DailyDistribution, DailyRanking, WeeklySources } from './weekly-tabs';
import { isGender, type Gender } from '../../../domain/gender';

/** A `logs_daily` document as stored (any of its three shapes); checked field by field below. */
interface StoredDocument {
  readonly date?: unknown;
  readonly kind?: unknown;
  readonly metric?: unknown;
  readonly scope?: unknown;
  readonly gender?: unknown;
  readonly ageBand?: unknown;
  readonly region?: unknown;
  readonly value?: unknown;
  readonly dim?: unknown;
  readonly words?: unknown;
  readonly buckets?: unknown;
  readonly count?: unknown;
  readonly total?: unknown;
}

const genderOf = (v: unknown): Gender | null => (isGender(v) ? v : null);
const ageBandOf = (v: unknown): AgeBand | null => ((AGE_BANDS as readonly unknown[]).includes(v) ? (v as AgeBand) : null);
const numberOf = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Sorts stored documents into the dashboard's sources; documents of unknown shape are skipped. */
export function toWeeklySources(docs: readonly StoredDocument[]): WeeklySources {
  const counts: DailyCount[] = [];
  const rankings: DailyRanking[] = [];
  const distributions: DailyDistribution[] = [];
  for (const d of docs) {
    if (typeof d.date !== 'string') continue;
    if ((d.kind === 'dwell' || d.kind === 'price_clicks') && (d.scope === 'page' || d.scope === 'session' || d.scope === 'price') && Array.isArray(d.buckets)) {
      distributions.push({ date: d.date, scope: d.scope, gender: genderOf(d.gender), ageBand: ageBandOf(d.ageBand), buckets: d.buckets.map(numberOf), count: numberOf(d.count), total: numberOf(d.total) });
    } else if (d.metric === 'search_rank' && typeof d.dim === 'string' && Array.isArray(d.words)) {
      const words = (d.words as { word?: unknown; count?: unknown }[]).flatMap((w) => (typeof w.word === 'string' ? [{ word: w.word, count: numberOf(w.count) }] : []));
      rankings.push({ date: d.date, dim: d.dim, words });
    } else if (typeof d.metric === 'string' && d.kind === undefined) {
      counts.push({ date: d.date, metric: d.metric, gender: genderOf(d.gender), ageBand: ageBandOf(d.ageBand), region: typeof d.region === 'string' && isRegionCode(d.region) ? d.region : null, value: numberOf(d.value) });
    }
  }
  return { counts, rankings, distributions };
}

/** The documents of the days `from` … `to` (`YYYY-MM-DD`, inclusive). */
export async function readWeeklySources(db: Db, from: string, to: string): Promise<WeeklySources> {
  const docs = await db
    .collection<StoredDocument>(COLLECTIONS.logsDaily)
    .find({ date: { $gte: from, $lte: to } }, { projection: { _id: 0, loadedAt: 0, batch: 0 } })
    .toArray();
  return toWeeklySources(docs);
}
