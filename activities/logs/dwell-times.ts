/**
 * Activity of `logs_warm_tier`'s `dwell_times` task: the run's day of raw events, read back from the cold
 * tier's 24 hourly CSVs on HDFS, becomes the day's dwell-time histograms (pages, sessions — rules in
 * `dwell-pairing.ts`) and its product clicks by price band, per gender × age band, in MongoDB `logs_daily`.
 *
 * Documents are keyed by day + kind + scope + dimensions and carry the run's batch; documents of the day left
 * by an earlier run of this task and absent now are removed, so a rerun replaces the day's distributions.
 * Hours without a file are skipped and listed in the result (the cold tier may not have run for them).
 */
import { Context } from '@temporalio/activity';
import { seoulDate } from '../../domain/age-band';
import { InfraError } from '../../domain/errors';
import type { LogEvent } from '../../domain/events';
import { COLLECTIONS, coldTierHourPath } from '../../infra/contracts';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import { parseColdTierCsv } from './cold-tier-csv';
import type { DimHistogram } from './dim-histograms';
import { dwellHistograms, pairPageDwells, pairSessionDwells, type DwellEvent } from './dwell-pairing';
import { priceClickHistograms } from './price-bands';

/** What a distribution document of `logs_daily` describes. */
export type DistributionScope = 'page' | 'session' | 'price';

/**
 * A distribution document of `logs_daily`: `kind` `dwell` (scope page / session, buckets of
 * `DWELL_BOUNDS_MS`, `total` in ms) or `price_clicks` (scope price, buckets of `PRICE_BAND_LABELS`, `total`
 * in won). `_id` is `<day>|<kind>|<scope>|<gender>|<ageBand>`.
 */
export interface DistributionDocument extends DimHistogram {
  readonly _id: string;
  readonly date: string;
  readonly kind: 'dwell' | 'price_clicks';
  /** `dwell:page`, `dwell:session`, `product_click:price` — so the count documents' `metric` index serves them too. */
  readonly metric: string;
  readonly scope: DistributionScope;
  readonly batch: string;
  readonly loadedAt: Date;
}

/** Output of `computeDwellTimes`. */
export interface DwellTimesResult {
  readonly day: string;
  /** Hours (0–23) whose CSV was read. */
  readonly hoursRead: number;
  /** Hours without a cold-tier file, skipped. */
  readonly missingHours: number[];
  readonly events: number;
  /** Rows that are not valid events (left out). */
  readonly malformed: number;
  readonly pageDwells: number;
  readonly sessionDwells: number;
  /** Page views / logins / logouts that could not be paired. */
  readonly unpairedPages: number;
  readonly unpairedSessions: number;
  readonly productClicks: number;
  readonly upserted: number;
  readonly removedStale: number;
}

const toDwellEvent = (e: LogEvent): DwellEvent => ({
  type: e.type,
  timeMs: Date.parse(e.time),
  id: e.id,
  sessionId: e.sessionId,
  userId: e.user.userId,
  gender: e.user.gender,
  ageBand: e.user.ageBand,
  ...(e.type === 'page_leave' ? { dwellMs: e.data.dwellMs } : {}),
});

/** The documents of a day's events (pure; exported for tests). */
export function distributionDocuments(day: string, events: readonly LogEvent[], batch: string, loadedAt: Date) {
  const dwellEvents = events.map(toDwellEvent);
  const pages = pairPageDwells(dwellEvents);
  const sessions = pairSessionDwells(dwellEvents);
  const clicks = events.flatMap((e) => (e.type === 'product_click' ? [{ unitPrice: e.data.unitPrice, gender: e.user.gender, ageBand: e.user.ageBand }] : []));
  const docs: DistributionDocument[] = [];
  const push = (kind: DistributionDocument['kind'], scope: DistributionScope, metric: string, histograms: readonly DimHistogram[]) => {
    for (const h of histograms) docs.push({ _id: [day, kind, scope, h.gender ?? '-', h.ageBand ?? '-'].join('|'), date: day, kind, metric, scope, ...h, batch, loadedAt });
  };
  push('dwell', 'page', 'dwell:page', dwellHistograms(pages.dwells));
  push('dwell', 'session', 'dwell:session', dwellHistograms(sessions.dwells));
  push('price_clicks', 'price', 'product_click:price', priceClickHistograms(clicks));
  return { docs, pages, sessions, clicks: clicks.length };
}

/** The dwell-time activity, bound to the worker's stores. */
export function createDwellTimeActivities(stores: Stores) {
  return {
    /** Reads the run's day from the cold tier and upserts its dwell and price-band distributions. */
    async computeDwellTimes(input: TaskInvocation<Record<string, never>>): Promise<DwellTimesResult> {
      const day = seoulDate(new Date(input.ctx.dataInterval.start));
      const batch = `${input.ctx.runId}#${input.ctx.tryNumber}`;
      const events: LogEvent[] = [];
      const missingHours: number[] = [];
      let malformed = 0;
      for (let hour = 0; hour < 24; hour += 1) {
        let csv: string;
        try {
          csv = (await stores.hdfs.hdfs.readFile(`${coldTierHourPath(day, hour)}/part-0000.csv`)).toString('utf8');
        } catch (err) {
          if (err instanceof InfraError && err.code === 'NotFound') {
            missingHours.push(hour);
            continue;
          }
          throw err;
        }
        const parsed = parseColdTierCsv(csv);
        events.push(...parsed.events);
        malformed += parsed.malformed;
        heartbeat(hour);
      }
      const { docs, pages, sessions, clicks } = distributionDocuments(day, events, batch, new Date());
      const col = stores.mongo.db.collection<DistributionDocument>(COLLECTIONS.logsDaily);
      let upserted = 0;
      for (let i = 0; i < docs.length; i += 500) {
        const chunk = docs.slice(i, i + 500);
        if (chunk.length === 0) break;
        const res = await col.bulkWrite(chunk.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })), { ordered: false });
        upserted += res.upsertedCount + res.matchedCount;
      }
      const stale = await col.deleteMany({ date: day, kind: { $in: ['dwell', 'price_clicks'] }, batch: { $ne: batch } });
      return {
        day,
        hoursRead: 24 - missingHours.length,
        missingHours,
        events: events.length,
        malformed,
        pageDwells: pages.dwells.length,
        sessionDwells: sessions.dwells.length,
        unpairedPages: pages.unpaired,
        unpairedSessions: sessions.unpaired,
        productClicks: clicks,
        upserted,
        removedStale: stale.deletedCount,
      };
    },
  };
}

/** Heartbeats when run as an activity (tests call the function directly, outside any activity). */
function heartbeat(hour: number): void {
  try {
    Context.current().heartbeat({ hour });
  } catch {
    // Not inside an activity.
  }
}
