/**
 * `logs_warm_tier`, nightly at 00:20 Korea time: the day that just ended's hot aggregates move Redis →
 * Kafka `logs.aggregates` → MongoDB `logs_daily`, then the warm tier is cut to its last `keepDays` days.
 *
 *   wait_aggregated ──► publish_aggregates ──► load_mongo ──┬─► retention
 *                                                           └─► dwell_times
 *
 * `wait_aggregated` (sensor) waits until the real-time aggregator has passed the day's end on every `logs.raw`
 * partition; `waitForAggregator: false` skips it (re-running an old day).
 *
 * `load_mongo` reads back, by the offsets `publish_aggregates` returned, exactly what it published and
 * upserts it by day + metric + dimensions (a rerun replaces the day). `retention` keeps the run's day and the
 * `keepDays − 1` days before it — calendar arithmetic, correct across month and year ends. `dwell_times` reads
 * the day's raw events back from the cold tier (HDFS, 24 hourly CSVs; missing hours are skipped and reported)
 * and upserts the day's dwell-time histograms and product clicks by price band (they need single events,
 * which the hot tier's counters no longer have).
 */
import { Type } from '@sinclair/typebox';
import type { Activities } from '../../activities';
import { dag } from '../dag/dsl';
import { WAIT_FOR_AGGREGATOR_PARAM, waitAggregated } from './wait-aggregated';

export const logsWarmTier = dag<Activities>(
  'logs_warm_tier',
  {
    description: 'Nightly: yesterday’s aggregates Redis → Kafka logs.aggregates → MongoDB logs_daily; keep the last 7 days',
    // Catch-up: a missed night runs afterwards (useful within the hot tier's 48 h).
    schedule: { cron: '20 0 * * *', timezone: 'Asia/Seoul', catchup: true, overlap: 'buffer_all' },
    params: Type.Object({
      keepDays: Type.Integer({ minimum: 1, maximum: 366, description: 'Days the warm tier keeps, the run’s day included' }),
      topWords: Type.Integer({ minimum: 1, maximum: 1000, description: 'Search words kept per ranking dimension and day' }),
      waitForAggregator: WAIT_FOR_AGGREGATOR_PARAM,
    }),
    defaultParams: { keepDays: 7, topWords: 100, waitForAggregator: true },
    defaults: { retry: { initialInterval: '10s' }, timeouts: { startToClose: '15m' } },
    runTimeout: '2h',
    tags: ['logs', 'warm'],
  },
  (b) => {
    const aggregated = waitAggregated(b);
    const published = b.task('publish_aggregates', { activity: 'publishDailyAggregates', args: { topWords: b.param<number>('topWords') }, after: [aggregated], doc: 'agg:1d:<day> and the search rankings → logs.aggregates' });
    const loaded = b.task('load_mongo', { activity: 'loadWarmTier', args: { published: published.output() }, doc: 'Reads back the published offsets, upserts into logs_daily' });
    b.task('dwell_times', { activity: 'computeDwellTimes', args: {}, after: [loaded], doc: 'Cold-tier CSVs of the day → dwell-time and price-band histograms in logs_daily' });
    b.task('retention', { activity: 'applyWarmRetention', args: { keepDays: b.param<number>('keepDays') }, after: [loaded], doc: 'Deletes days before the last keepDays' });
  },
);
