/**
 * Reads the labelling queue from MongoDB `training_samples` (eco point 1 only): one page of a view, the count
 * of every source, and single samples. The rules (band, daily pick, paging across sources) are in
 * queue-rules.ts; here are the queries.
 *
 * Two sources are decided in memory over small projections (ids, confidences, review state), then read by id:
 * - unsure: FerretDB 1.24's `$elemMatch` matches nothing (measured), and a range on `detections.confidence`
 *   alone may be met by two different detections (one above the low end, another below the high end), so the
 *   query fetches that superset and {@link hasDetectionInBand} decides. On MongoDB, `$elemMatch` would do it in
 *   the query; the in-memory filter stays correct there too.
 * - random: a hash of id and day cannot be a query; it reads the uploads of its 7-day window (a few thousand
 *   small documents at today's traffic).
 */
import type { Db, Filter } from 'mongodb';
import { hasDetectionInBand, pageSlices, pickDaily, randomWindow, RANDOM_PER_DAY, type ConfidenceBand, type QueueSource, type QueueView } from './queue-rules';
import { trainingSamples, type TrainingSampleDoc } from './sample-doc';

/** Which part of the queue to read. */
export interface QueueQuery {
  readonly view: QueueView;
  readonly band: ConfidenceBand;
  /** Korea day of the random pick, `YYYY-MM-DD`. */
  readonly day: string;
  /** Items to skip (page × page size). */
  readonly offset: number;
  readonly limit: number;
}

/** A sample on the queue page, with the source it is listed under. */
export interface QueueItem {
  readonly sample: TrainingSampleDoc;
  readonly source: QueueSource | 'reviewed';
}

/** Samples waiting per source, and reviewed ones. */
export interface QueueCounts {
  readonly appealed: number;
  readonly unsure: number;
  readonly random: number;
  readonly reviewed: number;
  /** appealed + unsure + random. */
  readonly all: number;
}

/** One page of a view. */
export interface QueuePage {
  readonly items: readonly QueueItem[];
  readonly counts: QueueCounts;
  /** Items in the view (its count). */
  readonly total: number;
}

/** The fields the list needs (not the history). */
const LIST_PROJECTION = { groundTruthHistory: 0, ocrText: 0 } as const;

function appealedFilter(): Filter<TrainingSampleDoc> {
  return { service: 1, review: 'pending' };
}

/**
 * The unsure source's sample ids, newest first: eco point 1 samples nobody reviewed with a detection whose
 * confidence lies in `band`.
 */
export async function unsureIds(db: Db, band: ConfidenceBand): Promise<string[]> {
  const rows = await trainingSamples(db)
    .find({ service: 1, review: null, 'detections.confidence': { $gte: band.lo, $lte: band.hi } }, { projection: { _id: 1, detections: 1 } })
    .sort({ createdAt: -1, _id: -1 })
    .toArray();
  return rows.filter((r) => hasDetectionInBand(r.detections, band)).map((r) => r._id);
}

function reviewedFilter(): Filter<TrainingSampleDoc> {
  return { service: 1, review: { $in: ['confirmed', 'skipped'] } };
}

/**
 * The random source's sample ids on `day`, waiting ones only, in pick order: the {@link RANDOM_PER_DAY} lowest
 * daily ranks among the window's uploads that are neither appealed nor in the band. A picked sample that gets
 * reviewed leaves the list without another taking its place, so the day's random share stays a few.
 */
export async function randomPickIds(db: Db, band: ConfidenceBand, day: string): Promise<string[]> {
  const { from, to } = randomWindow(day);
  const rows = await trainingSamples(db)
    .find({ service: 1, createdAt: { $gte: from, $lt: to } }, { projection: { _id: 1, detections: 1, appeal: 1, review: 1 } })
    .toArray();
  const candidates = rows.filter((r) => !r.appeal && r.review !== 'pending' && !hasDetectionInBand(r.detections, band));
  const waiting = new Set(candidates.filter((r) => r.review === null || r.review === undefined).map((r) => r._id));
  return pickDaily(candidates.map((r) => r._id), day, RANDOM_PER_DAY).filter((id) => waiting.has(id));
}

/** The sources decided in memory: their ids in queue order. */
export interface DecidedIds {
  readonly unsure: readonly string[];
  readonly random: readonly string[];
}

async function decidedIds(db: Db, band: ConfidenceBand, day: string): Promise<DecidedIds> {
  const [unsure, random] = await Promise.all([unsureIds(db, band), randomPickIds(db, band, day)]);
  return { unsure, random };
}

/** The count of every source (`decided`: the in-memory sources, when already read). */
export async function queueCounts(db: Db, band: ConfidenceBand, day: string, decided?: DecidedIds): Promise<QueueCounts> {
  const col = trainingSamples(db);
  const [appealed, reviewed, ids] = await Promise.all([col.countDocuments(appealedFilter()), col.countDocuments(reviewedFilter()), decided ?? decidedIds(db, band, day)]);
  const unsure = ids.unsure.length;
  const random = ids.random.length;
  return { appealed, unsure, random, reviewed, all: appealed + unsure + random };
}

/** The samples `ids`, in that order (one that vanished meanwhile is left out). */
async function samplesByIds(db: Db, ids: readonly string[]): Promise<TrainingSampleDoc[]> {
  if (ids.length === 0) return [];
  const found = await trainingSamples(db).find({ _id: { $in: [...ids] } }, { projection: LIST_PROJECTION }).toArray();
  const byId = new Map(found.map((d) => [d._id, d]));
  return ids.map((id) => byId.get(id)).filter((d): d is TrainingSampleDoc => d !== undefined);
}

async function readSlice(db: Db, source: QueueSource | 'reviewed', decided: DecidedIds, skip: number, limit: number): Promise<QueueItem[]> {
  let docs: TrainingSampleDoc[];
  if (source === 'random' || source === 'unsure') {
    docs = await samplesByIds(db, decided[source].slice(skip, skip + limit));
  } else {
    const [filter, sort] = source === 'appealed' ? [appealedFilter(), { 'appeal.at': 1, _id: 1 } as const] : [reviewedFilter(), { reviewedAt: -1, _id: -1 } as const];
    docs = await trainingSamples(db).find(filter, { projection: LIST_PROJECTION }).sort(sort).skip(skip).limit(limit).toArray();
  }
  return docs.map((sample) => ({ sample, source }));
}

/** One page of `query.view`, with the counts of every source. */
export async function readQueue(db: Db, query: QueueQuery): Promise<QueuePage> {
  const decided = await decidedIds(db, query.band, query.day);
  const counts = await queueCounts(db, query.band, query.day, decided);
  const sources: (QueueSource | 'reviewed')[] = query.view === 'all' ? ['appealed', 'unsure', 'random'] : [query.view];
  const slices = pageSlices(sources.map((source) => ({ source, count: counts[source] })), query.offset, query.limit);
  const parts = await Promise.all(slices.map((s) => readSlice(db, s.source, decided, s.skip, s.limit)));
  return { items: parts.flat(), counts, total: query.view === 'all' ? counts.all : counts[query.view] };
}

/** Eco point 1 sample `uploadId`, whole, or null. */
export async function readSample(db: Db, uploadId: string): Promise<TrainingSampleDoc | null> {
  return trainingSamples(db).findOne({ _id: uploadId, service: 1 });
}
