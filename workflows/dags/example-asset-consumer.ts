/**
 * `example_asset_consumer`: data-aware scheduling in the tour. It has no cron: it runs whenever
 * `example_features`' `summarize` task has produced the asset `example/summary` since its last run (as the
 * search warm-up would run after the product index is swapped). Its run's data interval spans the asset
 * events that made it due.
 */
import type { Activities } from '../../activities';
import { dag } from '../dag/dsl';

/** The asset example_features produces and this DAG runs on. */
export const EXAMPLE_SUMMARY_ASSET = 'example/summary';

export const exampleAssetConsumer = dag<Activities>(
  'example_asset_consumer',
  {
    description: 'Tour of data-aware scheduling: runs when example_features has produced example/summary',
    runsOnAssets: [EXAMPLE_SUMMARY_ASSET],
    defaults: { retry: { attempts: 2, initialInterval: '500ms' }, timeouts: { startToClose: '30s' } },
    runTimeout: '10m',
    tags: ['example'],
  },
  (b) => {
    b.task('use_summary', { activity: 'exampleCleanup', args: {}, doc: 'Reads what the summary produced' });
  },
);
