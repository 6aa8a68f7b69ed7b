import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assetReadiness } from '../../../activities/dags/asset-readiness';
import { assetGraph, validateRegistry } from '../../../control/registry';
import { DAGS } from '../../../workflows/dags';
import type { DagSpec } from '../../../workflows/dag/spec';

describe('asset-triggered scheduling', () => {
  it('is due only when every asset has an event newer than the last asset-triggered run', () => {
    const events = new Map([
      ['a', 2000],
      ['b', 1000],
    ]);
    assert.deepEqual(assetReadiness({ assets: ['a', 'b'], latestEventMs: events, lastTriggeredMs: 0 }), { due: true, waitingFor: [], intervalStartMs: 1000, intervalEndMs: 2000 });
    assert.deepEqual(assetReadiness({ assets: ['a', 'b'], latestEventMs: events, lastTriggeredMs: 1500 }), { due: false, waitingFor: ['b'] });
    assert.deepEqual(assetReadiness({ assets: ['a', 'c'], latestEventMs: events, lastTriggeredMs: 0 }), { due: false, waitingFor: ['c'] });
  });

  it('maps each asset to the tasks producing it and the DAGs running on it', () => {
    const graph = assetGraph();
    assert.deepEqual(graph.get('example/summary'), { producers: ['example_features.summarize'], consumers: ['example_asset_consumer'] });
  });

  it('refuses a DAG that runs on an asset nobody produces, or on its own', () => {
    const consumer = DAGS.find((d) => d.id === 'example_asset_consumer') as DagSpec;
    assert.throws(() => validateRegistry([...DAGS.filter((d) => d !== consumer), { ...consumer, runsOnAssets: ['nobody/makes/this'] }]), /which no task produces/);
    const selfish: DagSpec = { ...consumer, tasks: consumer.tasks.map((t) => ({ ...t, outlets: ['example/summary'] })) };
    assert.throws(() => validateRegistry([...DAGS.filter((d) => d !== consumer), selfish]), /trigger itself forever/);
  });
});
