/**
 * Test support: puts events into the hot tier through the real aggregator's own code (planBatch +
 * applyBatch, the Lua step), so the nightly DAGs are tested against exactly the keys the aggregator writes.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { applyBatch } from '../../../activities/logs/apply-batch';
import { planBatch } from '../../../activities/logs/plan-batch';
import type { LogEvent } from '../../../domain/events';
import { AGG_STATE } from '../../../infra/contracts';

/** Applies `events` (any order) as the aggregator would; returns when every event is counted. */
export async function fillHotTier(redis: Redis, events: readonly LogEvent[]): Promise<void> {
  const topic = `test.fill.${randomUUID()}`;
  const sorted = [...events].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  try {
    for (let i = 0; i < sorted.length; i += 500) {
      const chunk = sorted.slice(i, i + 500);
      const plan = planBatch(chunk, 0, Number.MAX_SAFE_INTEGER);
      const outcome = await applyBatch(redis, plan, { topic, partition: 0, firstOffset: String(i), nextOffset: String(i + chunk.length) });
      if (outcome.status !== 'ok') throw new Error(`the aggregator's step refused the events: ${JSON.stringify(outcome)}`);
    }
  } finally {
    await redis.del(AGG_STATE.offsets(topic));
  }
}

/** An event of `type` at Korea-time `time` (`YYYY-MM-DDTHH:mm:ss`) by a member (or anonymous when `user` is null). */
export function hotEvent(type: LogEvent['type'], time: string, data: Record<string, unknown>, user: LogEvent['user'] | null = null): LogEvent {
  return {
    id: randomUUID(),
    type,
    time: `${time}+09:00`,
    sessionId: 'hot-tier-session',
    page: '/',
    user: user ?? { userId: null, gender: null, ageBand: null, region: null },
    data,
  } as LogEvent;
}
