/**
 * `logs_daily_batch`, nightly at 00:10 Korea time: the day that just ended's product-click aggregates
 * (product × volume × gender × age band: clicks and lowest unit price), Redis `agg:product:<day>` →
 * Kafka `logs.aggregates` (kind `product_clicks`, keyed by day and dimensions so a rerun is recognisable).
 *
 * The day is the Korea-time date of the data interval's start: the run fired at 2026-03-01 00:10 covers 2026-02-28;
 * `ciao dags trigger logs_daily_batch --date 2026-02-28` publishes 2026-02-28. The hot tier keeps a day 48 h.
 *
 *   wait_aggregated (sensor: the real-time aggregator has passed the day's end) ──► publish_product_clicks
 *
 * `waitForAggregator: false` skips the wait (re-running an old day whose events Kafka no longer holds).
 */
import { Type } from '@sinclair/typebox';
import type { Activities } from '../../activities';
import { dag } from '../dag/dsl';
import { WAIT_FOR_AGGREGATOR_PARAM, waitAggregated } from './wait-aggregated';

export const logsDailyBatch = dag<Activities>(
  'logs_daily_batch',
  {
    description: 'Nightly: yesterday’s product-click aggregates (count, lowest unit price) Redis → Kafka logs.aggregates',
    // Catch-up: a missed night runs afterwards (useful within the hot tier's 48 h).
    schedule: { cron: '10 0 * * *', timezone: 'Asia/Seoul', catchup: true, overlap: 'buffer_all' },
    params: Type.Object({
      waitForAggregator: WAIT_FOR_AGGREGATOR_PARAM,
    }),
    defaultParams: { waitForAggregator: true },
    defaults: { retry: { initialInterval: '10s' }, timeouts: { startToClose: '15m' } },
    runTimeout: '2h',
    tags: ['logs', 'batch'],
  },
  (b) => {
    const aggregated = waitAggregated(b);
    b.task('publish_product_clicks', { activity: 'publishProductClicks', args: {}, after: [aggregated], doc: 'agg:product:<day> (+ min unit price) → logs.aggregates' });
  },
);
