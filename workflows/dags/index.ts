/**
 * The registry of every DAG of the project. Add a DAG by declaring it in its own file here and listing it.
 */
import type { DagSpec } from '../dag/spec';
import { dagReconciler } from './dag-reconciler';
import { detectorRetrain } from './detector-retrain';
import { exampleAssetConsumer } from './example-asset-consumer';
import { exampleFeatures } from './example-features';
import { logsColdTier } from './logs-cold-tier';
import { logsDailyBatch } from './logs-daily-batch';
import { lesswastePlaces } from './lesswaste-places';
import { logsWarmTier } from './logs-warm-tier';
import { nolabelRefresh } from './nolabel-refresh';

/** All DAGs, in the order `ciao dags list` shows them. */
export const DAGS: readonly DagSpec[] = [exampleFeatures, exampleAssetConsumer, logsColdTier, logsDailyBatch, logsWarmTier, nolabelRefresh, lesswastePlaces, detectorRetrain, dagReconciler];
