/**
 * `example_features`: a tour of the DAG layer, run by the integration tests on the real Temporal server.
 *
 *   list_items ──► process[0..n] (map, 2 at a time) ──┬──► summarize ◄── checks.wait_ready (sensor)
 *                                                     └──► cleanup (all_done)       ▲
 *   checks.flaky (fails once, retried) ──► checks.gate (fails until fixed) ─────────┘
 *                                   └──────────┴──► alert (one_failed)
 */
import { Type } from '@sinclair/typebox';
import type { Activities } from '../../activities';
import { dag } from '../dag/dsl';
import { EXAMPLE_SUMMARY_ASSET } from './example-asset-consumer';

export const exampleFeatures = dag<Activities>(
  'example_features',
  {
    description: 'Tour of the DAG layer: map fan-out, sensor, retries, trigger rules, failure callback, clear',
    schedule: { cron: '0 3 * * *', timezone: 'Asia/Seoul', paused: true, maxActiveRuns: 2 },
    params: Type.Object({
      items: Type.Integer({ minimum: 0, maximum: 50, description: 'How many items to fan out over' }),
      gateRequired: Type.Boolean({ description: 'Whether the gate needs its Redis key to open (opt in to see a failure and a clear)' }),
      readyAfterPokes: Type.Integer({ minimum: 1, maximum: 120, description: 'Pokes (1 s apart) before the sensor is satisfied' }),
    }),
    // The gate fails only when asked (gateRequired: true), so a newcomer's first run is green.
    defaultParams: { items: 5, gateRequired: false, readyAfterPokes: 2 },
    defaults: { retry: { attempts: 2, initialInterval: '500ms', maximumInterval: '2s' }, timeouts: { startToClose: '30s' } },
    runTimeout: '10m',
    onFailure: { activity: 'notifyDagFailure' },
    tags: ['example'],
  },
  (b) => {
    const list = b.task('list_items', { activity: 'exampleListItems', args: { count: b.param<number>('items') }, doc: 'Lists the items to process' });
    const processed = b.map('process', { activity: 'exampleProcessItem', over: list.field('items'), args: { suffix: '-done' }, concurrency: 2 });
    const { ready, gate, flaky } = b.group('checks', (g) => {
      const ready = g.sensor('wait_ready', { activity: 'exampleWaitReady', args: { readyAfterPokes: b.param<number>('readyAfterPokes') }, pokeInterval: '1s', timeout: '3m' });
      const flaky = g.task('flaky', { activity: 'exampleFlaky', args: { failTimes: 1 }, retry: { attempts: 3, initialInterval: '500ms' } });
      const gate = g.task('gate', { activity: 'exampleGate', args: { required: b.param<boolean>('gateRequired') }, after: [flaky], retry: { attempts: 1 } });
      return { ready, gate, flaky };
    });
    b.task('summarize', { activity: 'exampleSummarize', args: { processed: processed.output() }, after: [ready, gate], outlets: [EXAMPLE_SUMMARY_ASSET], doc: 'Produces the asset example/summary' });
    b.task('cleanup', { activity: 'exampleCleanup', args: {}, after: [processed], trigger: 'all_done' });
    b.task('alert', { activity: 'exampleCleanup', args: {}, after: [flaky, gate], trigger: 'one_failed', doc: 'Runs only when a check failed' });
  },
);
