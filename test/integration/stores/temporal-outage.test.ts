/**
 * Temporal going away under running work, on a Temporal server of the test's own (stopped and started by the
 * test) served by the real worker process: the real-time aggregator keeps counting through an outage longer
 * than its old 15 s heartbeat timeout and is not restarted, and `waitForRun` (what `ciao dags trigger --wait`
 * uses) re-attaches to a run after the server is back.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Activities } from '../../../activities';
import { runLoadgen } from '../../../activities/logs/loadgen/run-loadgen';
import { manualRunInterval } from '../../../control/run-interval';
import { startRun, waitForRun } from '../../../control/runs';
import { ensureLogStream } from '../../../control/streams';
import { PROJECT_ROOT } from '../../../infra/config';
import { AGG_STATE } from '../../../infra/contracts';
import { dag } from '../../../workflows/dag/dsl';
import { waitForState } from '../../support/dag-runs';
import { uniqueSuffix, useStores } from '../../support/stores';
import { useOwnTemporal } from '../../support/own-temporal';

const { config, stores } = useStores();
const ownTemporal = useOwnTemporal(config);
const suffix = uniqueSuffix();
const streamingQueue = `test-streaming-${suffix}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('work that rides out a Temporal outage (a Temporal of the test’s own)', () => {
  /** The real worker process, on the own Temporal (namespace default), with its streaming queue renamed. */
  let worker: ChildProcess | undefined;
  before(() => {
    const t = ownTemporal.config.temporal;
    worker = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'workers/main.ts')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TEMPORAL_ADDRESS: t.address, TEMPORAL_UI_URL: t.uiUrl, TEMPORAL_NAMESPACE: t.namespace, STREAMING_TASK_QUEUE: streamingQueue, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  });
  after(() => {
    worker?.kill('SIGTERM');
  });

  it('the aggregator keeps counting through a 30 s outage and is not restarted', { timeout: 300_000 }, async (t) => {
    const topic = `test.logs.${suffix}`;
    const dayStart = Date.UTC(2007, 0, 1) - 9 * 3_600_000 + Math.floor(Math.random() * 365) * 86_400_000;
    const day = new Date(dayStart + 9 * 3_600_000).toISOString().slice(0, 10);
    await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const base = Number((await stores.redis.redis.hget(AGG_STATE.stats, `events:${day}`)) ?? 0);
    const counted = async (): Promise<number> => Number((await stores.redis.redis.hget(AGG_STATE.stats, `events:${day}`)) ?? 0) - base;
    const waitCounted = async (n: number, ms: number): Promise<number> => {
      const deadline = Date.now() + ms;
      while ((await counted()) < n && Date.now() < deadline) await sleep(200);
      return counted();
    };
    let tick = 0;
    const send = async (n: number, seed: number) => {
      const report = await runLoadgen(stores.kafka.settings, { rate: 500, maxEvents: n, seed, topic, waitWhenFull: true, reportEveryMs: 60_000, clock: () => new Date(dayStart + tick++ * 1000) });
      assert.equal(report.published, n);
    };
    const workflowId = `test-stream-${suffix}`;
    const client = await ownTemporal.store.client();
    try {
      await ensureLogStream(client, { topic, groupId: `test-agg-${suffix}`, taskQueue: streamingQueue }, workflowId);
      await send(200, 1);
      assert.equal(await waitCounted(200, 90_000), 200, 'counting before the outage');

      await ownTemporal.stop();
      const down = Date.now();
      await send(200, 2);
      assert.equal(await waitCounted(400, 20_000), 400, 'still counting while Temporal is down');
      await sleep(Math.max(0, 30_000 - (Date.now() - down)));
      await ownTemporal.start();
      t.diagnostic(`Temporal was down ${Math.round((Date.now() - down) / 1000)} s`);
      // If the server were going to time the activity out, it would do so now: give it the time.
      await sleep(10_000);
      const pending = (await client.workflow.getHandle(workflowId).describe()).raw.pendingActivities ?? [];
      assert.equal(pending.length, 1, 'the aggregator activity is running');
      assert.equal(pending[0]?.attempt, 1, 'its first attempt: never timed out, never restarted');
      await send(200, 3);
      assert.equal(await waitCounted(600, 30_000), 600, 'every event counted once after the outage');
    } finally {
      await client.workflow.getHandle(workflowId).terminate('test done').catch(() => undefined);
      await stores.kafka.admin().then((a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
    }
  });

  it('waitForRun re-attaches to a run after Temporal comes back, and returns its result', { timeout: 240_000 }, async () => {
    const slow = dag<Activities>(`test_wait_reattach`, { description: 'Test: a run that outlives a Temporal blip', defaults: { retry: { attempts: 1 } }, runTimeout: '5m' }, (b) => {
      b.sensor('wait_a_while', { activity: 'exampleWaitReady', args: { readyAfterPokes: 15 }, pokeInterval: '1s', timeout: '2m' });
    });
    const client = await ownTemporal.store.client();
    const interval = manualRunInterval(slow, new Date(Date.UTC(2008, 0, 1) + Math.floor(Math.random() * 1e6) * 60_000).toISOString(), new Date());
    const run = await startRun(client, slow, { ...interval, params: {} });
    const reattached: string[] = [];
    const waiting = waitForRun(client, run.workflowId, run.runId, { onReattach: ({ error }) => reattached.push(error) });
    // Stop Temporal once the worker is polling and the sensor is poking (a few pokes of 15 are done).
    const poking = await waitForState(client, run.workflowId, (s) => (s.tasks[0]?.attempts ?? 0) >= 3, 120_000);
    assert.ok((poking.tasks[0]?.attempts ?? 0) >= 3, 'the run was under way before the outage');
    await ownTemporal.stop();
    // As long as the outage the CLI did not survive (28 s): the client's own retries give up sooner.
    await sleep(28_000);
    await ownTemporal.start();
    const result = await waiting;
    assert.equal(result.status, 'success', JSON.stringify(result.tasks));
    assert.ok(reattached.length >= 1, 'the wait lost Temporal and re-attached');
  });
});
