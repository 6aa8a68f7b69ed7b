/**
 * The real-time aggregator in its own process, for the logs benchmark: `runAggregator` on the benchmark's
 * topic and consumer group, as the worker runs it (minus Temporal), reporting its totals to the parent over
 * IPC every 500 ms and stopping on SIGTERM or a `stop` message.
 *
 *   node --import tsx bench/logs/aggregator-child.ts <topic> <groupId> [chunkSize]
 */
import { runAggregator, type AggregatorProgress } from '../../activities/logs/aggregator';
import { loadConfig } from '../../infra/config';
import { createKafkaStore } from '../../infra/kafka';
import { createRedisStore } from '../../infra/redis';

/** What the child tells its parent. */
export type ChildMessage = { readonly kind: 'progress'; readonly progress: AggregatorProgress; readonly at: number } | { readonly kind: 'done'; readonly progress: AggregatorProgress } | { readonly kind: 'failed'; readonly error: string };

async function main(): Promise<void> {
  const [topic, groupId, chunk] = process.argv.slice(2);
  if (!topic || !groupId) throw new Error('usage: aggregator-child.ts <topic> <groupId> [chunkSize]');
  const config = loadConfig();
  const kafka = createKafkaStore(config, { clientId: 'bench-aggregator' });
  const redis = createRedisStore(config);
  const stop = new AbortController();
  process.on('SIGTERM', () => stop.abort());
  process.on('message', (m) => {
    if (m === 'stop') stop.abort();
  });
  let last: AggregatorProgress | undefined;
  const send = (m: ChildMessage): void => {
    process.send?.(m);
  };
  const timer = setInterval(() => last && send({ kind: 'progress', progress: last, at: Date.now() }), 500);
  try {
    const done = await runAggregator(kafka, redis, {
      topic,
      groupId,
      signal: stop.signal,
      ...(chunk ? { chunkSize: Number(chunk) } : {}),
      onProgress: (p) => {
        last = p;
      },
    });
    send({ kind: 'done', progress: done });
  } finally {
    clearInterval(timer);
    await kafka.close();
    await redis.close();
    process.disconnect?.();
  }
}

main().catch((err: unknown) => {
  process.send?.({ kind: 'failed', error: (err as Error).stack ?? String(err) } satisfies ChildMessage);
  process.exitCode = 1;
});
