/**
 * Test-only DAGs (not in the registry): a sensor that never succeeds, a map over more items than it allows, a
 * run longer than its timeout. They reuse the `example_features` activities, which every worker has.
 */
import { Type } from '@sinclair/typebox';
import type { Activities } from '../../../activities';
import { dag } from '../../../workflows/dag/dsl';
import type { DagSpec } from '../../../workflows/dag/spec';

/** A sensor poked every second that is never satisfied, timing out after 3 s, with a task after it. */
export function sensorTimeoutDag(softFail: boolean): DagSpec {
  return dag<Activities>(
    softFail ? 'test_sensor_soft_timeout' : 'test_sensor_timeout',
    { description: `Test: a sensor that times out${softFail ? ' with softFail' : ''}`, runTimeout: '5m' },
    (b) => {
      const never = b.sensor('wait_forever', { activity: 'exampleWaitReady', args: { readyAfterPokes: 1000 }, pokeInterval: '1s', timeout: '3s', softFail });
      b.task('after_sensor', { activity: 'exampleCleanup', args: {}, after: [never] });
    },
  );
}

/** Maps over `items` items with a limit of 3. */
export const mapOverflowDag: DagSpec = dag<Activities>(
  'test_map_overflow',
  {
    description: 'Test: a map over more items than its maxItems',
    params: Type.Object({ items: Type.Integer({ minimum: 0 }) }),
    defaultParams: { items: 5 },
    runTimeout: '5m',
  },
  (b) => {
    const list = b.task('list_items', { activity: 'exampleListItems', args: { count: b.param<number>('items') } });
    const processed = b.map('process', { activity: 'exampleProcessItem', over: list.field('items'), args: { suffix: '-done' }, maxItems: 3 });
    b.task('summarize', { activity: 'exampleSummarize', args: { processed: processed.output() } });
  },
);

/** A sensor that would wait an hour in a run limited to 5 s. */
export const runTimeoutDag: DagSpec = dag<Activities>('test_run_timeout', { description: 'Test: a run longer than its runTimeout', runTimeout: '5s' }, (b) => {
  const slow = b.sensor('wait_long', { activity: 'exampleWaitReady', args: { readyAfterPokes: 1000 }, pokeInterval: '1s', timeout: '1h' });
  b.task('after_sensor', { activity: 'exampleCleanup', args: {}, after: [slow] });
});
