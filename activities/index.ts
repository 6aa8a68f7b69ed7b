/**
 * Every activity the `dags` worker registers, by name. Workflows import the {@link Activities} type only.
 */
import { loadConfig, type Config } from '../infra/config';
import type { Stores } from '../infra/stores';
import { createAssetActivities } from './dags/asset-events';
import { notifyDagFailure } from './dags/notify-failure';
import { createReconcileActivities } from './dags/reconcile-runs';
import { resolveScheduledInterval } from './dags/resolve-schedule';
import { createEcopointActivities } from './ecopoints/pipeline-activities';
import { createFeatureTourActivities } from './examples/feature-tour';
import { createAggregatorProgressActivities } from './logs/aggregator-progress';
import { createColdTierActivities } from './logs/cold-tier';
import { createDailyBatchActivities } from './logs/daily-batch';
import { createDwellTimeActivities } from './logs/dwell-times';
import { createLogActivities } from './logs/run-log-aggregator';
import { createRetrainActivities } from './models/retrain-activities';
import { createWarmTierActivities } from './logs/warm-tier';
import { createPlacesActivities } from './places/places-activities';
import { createProductActivities } from './products/refresh-activities';
import { ping } from './system/ping';

export type { PingInput, PingResult } from './system/ping';

/** What activities need from the process that runs them. */
export interface ActivityDeps {
  readonly stores: Stores;
  /** The worker's configuration (default: read from the environment). */
  readonly config?: Config;
}

/** Builds the activities, bound to the worker's store clients. */
export function createActivities(deps: ActivityDeps) {
  return {
    ping,
    resolveScheduledInterval,
    notifyDagFailure,
    ...createAssetActivities(deps.stores),
    ...createReconcileActivities(deps.stores),
    ...createFeatureTourActivities(deps.stores.redis),
    ...createLogActivities(deps.stores),
    ...createColdTierActivities(deps.stores),
    ...createDailyBatchActivities(deps.stores),
    ...createAggregatorProgressActivities(deps.stores),
    ...createWarmTierActivities(deps.stores),
    ...createDwellTimeActivities(deps.stores),
    ...createProductActivities(deps.stores, deps.config ?? loadConfig()),
    ...createEcopointActivities(deps.stores),
    ...createPlacesActivities(deps.stores, deps.config ?? loadConfig()),
    ...createRetrainActivities(deps.stores, deps.config ?? loadConfig()),
  };
}

/** The registered activities, by name: what DAG definitions and workflows type against. */
export type Activities = ReturnType<typeof createActivities>;
