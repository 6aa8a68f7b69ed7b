/**
 * Every activity of the `nolabel_refresh` DAG, bound to the worker's stores and configuration. Tests pass
 * their own {@link ProductsNaming} to run the pipeline under test names on the shared stack.
 */
import type { Config } from '../../infra/config';
import type { Stores } from '../../infra/stores';
import { createBuildIndexActivities } from './build-index';
import { createCrawlActivities } from './crawl-task';
import { createLandRawActivities } from './land-raw';
import { PRODUCTS_NAMING, type ProductsNaming } from './pipeline-naming';
import { createPublishCleanActivities } from './publish-clean';
import { createQualityGateActivities } from './quality-gate';
import { createSwapAndPruneActivities } from './swap-and-prune';
import { createTransformActivities } from './transform-task';

/** The refresh's activities. */
export function createProductActivities(stores: Stores, config: Config, naming: ProductsNaming = PRODUCTS_NAMING) {
  return {
    ...createCrawlActivities(stores, config, naming),
    ...createLandRawActivities(stores, naming),
    ...createTransformActivities(stores, naming),
    ...createPublishCleanActivities(stores, naming),
    ...createBuildIndexActivities(stores, naming),
    ...createQualityGateActivities(stores, naming),
    ...createSwapAndPruneActivities(stores, naming),
  };
}
