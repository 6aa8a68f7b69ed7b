import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ensureLogStream } from '../../../control/streams';
import { PROJECT_ROOT } from '../../../infra/config';
import { AGG_STATE, aggKey } from '../../../infra/contracts';
import { runLoadgen } from '../../../activities/logs/loadgen/run-loadgen';
import { useStores, uniqueSuffix } from '../../support/stores';

const { stores } = useStores();

/** Starts the real worker process with its streaming queue renamed, so only this test's workers run the job. */
function startWorker(queue: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'workers/main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, STREAMING_TASK_QUEUE: queue, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('real-time aggregation (Kafka → Redis) on the real stack', () => {
  it('counts every event exactly once although the worker is killed with -9 mid-stream', { timeout: 300_000 }, async () => {
    const suffix = uniqueSuffix();
    const topic = `test.logs.${suffix}`;
    const queue = `test-streaming-${suffix}`;
    // A random day in 2004: its counters are this test's alone.
    const dayStart = Date.UTC(2004, 0, 1) - 9 * 3_600_000 + Math.floor(Math.random() * 366) * 86_400_000;
    const day = new Date(dayStart + 9 * 3_600_000).toISOString().slice(0, 10);
    await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);

    const client = await stores.temporal.client();
    const workflowId = `test-stream-${suffix}`;
    let worker = startWorker(queue);
    await ensureLogStream(client, { topic, groupId: `test-agg-${suffix}`, taskQueue: queue }, workflowId);

    const total = 6000;
    // Counts relative to what the day held before: another run of this test may have drawn the same day.
    const base = Number((await stores.redis.redis.hget(AGG_STATE.stats, `events:${day}`)) ?? 0);
    const counted = async (): Promise<number> => Number((await stores.redis.redis.hget(AGG_STATE.stats, `events:${day}`)) ?? 0) - base;
    const baseDaily = await stores.redis.redis.hgetall(aggKey('1d', day));
    // Realistic traffic from loadgen, through the web tier's publisher, with event times moving through the day.
    let tick = 0;
    const sending = runLoadgen(stores.kafka.settings, {
      rate: 300,
      maxEvents: total,
      seed: 7,
      topic,
      waitWhenFull: true,
      reportEveryMs: 60_000,
      clock: () => new Date(dayStart + tick++ * 10_000),
    });
    try {
      // Wait until the aggregator is mid-stream, then kill its process without warning.
      const deadline = Date.now() + 90_000;
      while ((await counted()) < total / 4 && Date.now() < deadline) await sleep(200);
      const before = await counted();
      assert.ok(before > 0 && before < total, `the aggregator was mid-stream before the kill (${before} of ${total})`);
      worker.kill('SIGKILL');
      await sleep(1000);
      worker = startWorker(queue);

      const report = await sending;
      assert.equal(report.dropped, 0);
      assert.equal(report.published, total, 'loadgen published every event');
      const settle = Date.now() + 180_000;
      while ((await counted()) < total && Date.now() < settle) await sleep(500);
      assert.equal(await counted(), total, 'every event counted once');
      await sleep(2000);
      assert.equal(await counted(), total, 'and not again after settling');

      // Every event adds exactly one to its primary metric in the day aggregate (points and failures are extras).
      const daily = await stores.redis.redis.hgetall(aggKey('1d', day));
      const primary = Object.entries(daily)
        .filter(([field]) => !/^(points:|ecopoint_fail:)/.test(field))
        .reduce((n, [field, v]) => n + Number(v) - Number(baseDaily[field] ?? 0), 0);
      assert.equal(primary, total, 'the day aggregate sums to the events produced');
      assert.ok((await stores.redis.redis.zcard(`rank:search:${day}:all`)) > 0, 'search words were ranked');
    } finally {
      await sending.catch(() => undefined);
      await client.workflow.getHandle(workflowId).terminate('test done').catch(() => undefined);
      worker.kill('SIGTERM');
      await stores.kafka.admin().then((a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
    }
  });
});
