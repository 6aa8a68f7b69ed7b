/**
 * The `wait_aggregated` sensor shared by the nightly log DAGs that read the real-time aggregator's Redis
 * aggregates (`logs_daily_batch`, `logs_warm_tier`): their first task, so a day is published only once the
 * aggregator has counted all of it (`logsDayAggregated`). Each DAG declares the `waitForAggregator` param
 * ({@link WAIT_FOR_AGGREGATOR_PARAM}, default true) that turns the wait off for old days.
 */
import { Type } from '@sinclair/typebox';
import type { Activities } from '../../activities';
import type { DagBuilder, TaskRef } from '../dag/dsl';

/** The real-time aggregator's allowed lateness (its default `graceMs`, 2 minutes): events later than that are not counted. */
export const AGGREGATOR_LATE_MINUTES = 2;

/** The `waitForAggregator` param's schema, for the DAG's `params`. */
export const WAIT_FOR_AGGREGATOR_PARAM = Type.Boolean({ description: 'Wait until the real-time aggregator has counted the whole day (false: publish what Redis holds now)' });

/** Adds the `wait_aggregated` sensor (poked every minute, for at most 2 h); put the day's first task after it. */
export function waitAggregated(b: DagBuilder<Activities>): TaskRef<unknown> {
  return b.sensor('wait_aggregated', {
    activity: 'logsDayAggregated',
    args: { lateMinutes: AGGREGATOR_LATE_MINUTES, wait: b.param<boolean>('waitForAggregator') },
    pokeInterval: '1m',
    timeout: '2h',
    doc: 'Waits until every logs.raw partition is counted past the day’s end (or fully read)',
  });
}
