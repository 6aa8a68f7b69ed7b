/**
 * Reads the labelling queue from MongoDB `training_samples` (eco point 1 only): one page of a view, the count
 * of every source, and single samples. The rules (band, daily pick, paging across sources) are in
 * queue-rules.ts; here are the queries.
 *
 * The random source reads the ids, confidences and review state of the uploads of its 7-day window (a few
 * thousand small documents at most at today's traffic) and picks in memory: a hash of id and day cannot be
 * expressed as a query on FerretDB.
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

function unsureFilter(band: ConfidenceBand): Filter<TrainingSampleDoc> {
  return { service: 1, review: null, detections: { $elemMatch: { confidence: { $gte: band.lo, $lte: band.hi } } } };
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

/** The count of every source. */
export async function queueCounts(db: Db, band: ConfidenceBand, day: string, randomIds?: readonly string[]): Promise<QueueCounts> {
  const col = trainingSamples(db);
  const [appealed, unsure, reviewed, random] = await Promise.all([
    col.countDocuments(appealedFilter()),
    col.countDocuments(unsureFilter(band)),
    col.countDocuments(reviewedFilter()),
    randomIds ? Promise.resolve(randomIds.length) : randomPickIds(db, band, day).then((ids) => ids.length),
  ]);
  return { appealed, unsure, random, reviewed, all: appealed + unsure + random };
}

async function readSlice(db: Db, source: QueueSource | 'reviewed', band: ConfidenceBand, randomIds: readonly string[], skip: number, limit: number): Promise<QueueItem[]> {
  const col = trainingSamples(db);
  let docs: TrainingSampleDoc[];
  if (source === 'random') {
    const ids = randomIds.slice(skip, skip + limit);
    const found = await col.find({ _id: { $in: ids } }, { projection: LIST_PROJECTION }).toArray();
    const byId = new Map(found.map((d) => [d._id, d]));
    docs = ids.map((id) => byId.get(id)).filter((d): d is TrainingSampleDoc => d !== undefined);
  } else {
    const [filter, sort] =
      source === 'appealed'
        ? [appealedFilter(), { 'appeal.at': 1, _id: 1 } as const]
        : source === 'unsure'
          ? [unsureFilter(band), { createdAt: -1, _id: -1 } as const]
          : [reviewedFilter(), { reviewedAt: -1, _id: -1 } as const];
    docs = await col.find(filter, { projection: LIST_PROJECTION }).sort(sort).skip(skip).limit(limit).toArray();
  }
  return docs.map((sample) => ({ sample, source }));
}

/** One page of `query.view`, with the counts of every source. */
export async function readQueue(db: Db, query: QueueQuery): Promise<QueuePage> {
  const randomIds = await randomPickIds(db, query.band, query.day);
  const counts = await queueCounts(db, query.band, query.day, randomIds);
  const sources: (QueueSource | 'reviewed')[] = query.view === 'all' ? ['appealed', 'unsure', 'random'] : [query.view];
  const slices = pageSlices(sources.map((source) => ({ source, count: counts[source] })), query.offset, query.limit);
  const parts = await Promise.all(slices.map((s) => readSlice(db, s.source, query.band, randomIds, s.skip, s.limit)));
  return { items: parts.flat(), counts, total: query.view === 'all' ? counts.all : counts[query.view] };
}

/** Eco point 1 sample `uploadId`, whole, or null. */
export async function readSample(db: Db, uploadId: string): Promise<TrainingSampleDoc | null> {
  return trainingSamples(db).findOne({ _id: uploadId, service: 1 });
}
