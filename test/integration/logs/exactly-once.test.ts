import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Partitioners } from 'kafkajs';
import { ensureLogStream } from '../../../control/streams';
import { PROJECT_ROOT } from '../../../infra/config';
import { AGG_STATE, aggKey } from '../../../infra/contracts';
import type { LogEvent } from '../../../domain/events';
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

    const producer = stores.kafka.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const total = 6000;
    const counted = async (): Promise<number> => Number((await stores.redis.redis.hget(AGG_STATE.stats, `events:${day}`)) ?? 0);
    let killed = false;
    try {
      for (let sent = 0; sent < total; sent += 200) {
        const messages = Array.from({ length: 200 }, (_, i) => {
          const k = sent + i;
          const event: LogEvent = {
            id: randomUUID(),
            type: k % 10 === 0 ? 'search' : 'page_view',
            // Event times move forward through the day, as live traffic does.
            time: `${new Date(dayStart + 9 * 3_600_000 + k * 10_000).toISOString().slice(0, 19)}+09:00`,
            sessionId: `session-${k % 97}`.padEnd(12, '0'),
            page: '/',
            user: k % 3 === 0 ? { userId: null, gender: null, ageBand: null, region: null } : { userId: `u${k % 50}`, gender: k % 2 ? 'M' : 'W', ageBand: 20, region: 'busan' },
            data: k % 10 === 0 ? { word: '무라벨' } : {},
          } as LogEvent;
          return { key: event.user.userId ?? event.sessionId, value: JSON.stringify(event) };
        });
        await producer.send({ topic, messages, acks: -1 });
        if (!killed && sent >= total / 2) {
          // Wait until the aggregator is mid-stream, then kill its process without warning.
          const deadline = Date.now() + 60_000;
          while ((await counted()) === 0 && Date.now() < deadline) await sleep(200);
          assert.ok((await counted()) > 0, 'the aggregator was processing before the kill');
          worker.kill('SIGKILL');
          killed = true;
          await sleep(1000);
          worker = startWorker(queue);
        }
        await sleep(100);
      }
      const deadline = Date.now() + 180_000;
      while ((await counted()) < total && Date.now() < deadline) await sleep(500);
      assert.equal(await counted(), total, 'every event counted once');
      await sleep(2000);
      assert.equal(await counted(), total, 'and not again after settling');

      const daily = await stores.redis.redis.hgetall(aggKey('1d', day));
      const sum = Object.values(daily).reduce((n, v) => n + Number(v), 0);
      assert.equal(sum, total, 'the day aggregate sums to the events produced');
      assert.equal(Number(await stores.redis.redis.zscore(`rank:search:${day}:all`, '무라벨')), total / 10);
    } finally {
      await producer.disconnect();
      await client.workflow.getHandle(workflowId).terminate('test done').catch(() => undefined);
      worker.kill('SIGTERM');
      await stores.kafka.admin().then((a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
    }
  });
});
