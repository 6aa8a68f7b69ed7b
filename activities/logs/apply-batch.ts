/**
 * Applies a planned batch to Redis in ONE atomic Lua script: the de-duplication check, the counter and
 * ranking increments, the key expiries, and the partition's next offset and watermark. A crash before the
 * script leaves nothing applied; after it, everything including the offset — so a restarted consumer that
 * resumes from the stored offset never loses or double-counts an event.
 */
import type { Redis } from 'ioredis';
import { AGG_STATE, HOT_TTL_S } from '../../infra/contracts';
import type { BatchPlan, Changes } from './plan-batch';

const SCRIPT = `
local offsetsKey, statsKey = KEYS[1], KEYS[2]
local partition, firstOffset, nextOffset, watermark, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], tonumber(ARGV[5])
local plan = cjson.decode(ARGV[6])
local stored = redis.call('HGET', offsetsKey, partition)
if stored and tonumber(stored) > firstOffset then return {'stale', stored} end
local dups = {}
for _, s in ipairs(plan.seen) do
  local flags = redis.call('SMISMEMBER', s[1], unpack(s[2]))
  for i, f in ipairs(flags) do if f == 1 then dups[#dups + 1] = s[2][i] end end
end
if #dups > 0 then return {'dups', unpack(dups)} end
for _, s in ipairs(plan.seen) do
  redis.call('SADD', s[1], unpack(s[2]))
  redis.call('EXPIRE', s[1], ttl)
end
for _, h in ipairs(plan.hincr) do
  for _, fv in ipairs(h[2]) do redis.call('HINCRBY', h[1], fv[1], fv[2]) end
  if h[1] ~= statsKey then redis.call('EXPIRE', h[1], ttl) end
end
for _, z in ipairs(plan.zincr) do
  for _, mv in ipairs(z[2]) do redis.call('ZINCRBY', z[1], mv[2], mv[1]) end
  redis.call('EXPIRE', z[1], ttl)
end
for _, m in ipairs(plan.hmin) do
  for _, fv in ipairs(m[2]) do
    local cur = redis.call('HGET', m[1], fv[1])
    if (not cur) or tonumber(cur) > fv[2] then redis.call('HSET', m[1], fv[1], fv[2]) end
  end
  redis.call('EXPIRE', m[1], ttl)
end
redis.call('HSET', offsetsKey, partition, nextOffset, partition .. ':wm', watermark)
return {'ok'}
`;

/** What happened to a batch. */
export type ApplyOutcome =
  | { readonly status: 'ok' }
  /** Some events were applied before (re-sent by a producer): drop them and plan again. */
  | { readonly status: 'dups'; readonly ids: readonly string[] }
  /** The stored offset is past this batch's start: it was (partly) applied already. */
  | { readonly status: 'stale'; readonly storedOffset: string };

const toPairs = (changes: Changes): [string, [string, number][]][] => [...changes].map(([k, fields]) => [k, [...fields]]);

/** The batch's offsets: `[first, next)` of `partition` of `topic`. */
export interface BatchPosition {
  readonly topic: string;
  readonly partition: number;
  readonly firstOffset: string;
  readonly nextOffset: string;
}

/** Runs the script for `plan` at `position`. */
export async function applyBatch(redis: Redis, plan: BatchPlan, position: BatchPosition, ttlS: number = HOT_TTL_S): Promise<ApplyOutcome> {
  const payload = JSON.stringify({ seen: [...plan.seen], hincr: toPairs(plan.hincr), zincr: toPairs(plan.zincr), hmin: toPairs(plan.hmin) });
  const reply = (await redis.eval(
    SCRIPT,
    2,
    AGG_STATE.offsets(position.topic),
    AGG_STATE.stats,
    String(position.partition),
    position.firstOffset,
    position.nextOffset,
    String(plan.watermark),
    String(ttlS),
    payload,
  )) as string[];
  if (reply[0] === 'dups') return { status: 'dups', ids: reply.slice(1) };
  if (reply[0] === 'stale') return { status: 'stale', storedOffset: reply[1] ?? '0' };
  return { status: 'ok' };
}

/** The stored next offset and watermark of a partition (undefined offset when never consumed). */
export async function readPartitionState(redis: Redis, topic: string, partition: number): Promise<{ nextOffset: string | undefined; watermark: number }> {
  const [offset, wm] = await redis.hmget(AGG_STATE.offsets(topic), String(partition), `${partition}:wm`);
  return { nextOffset: offset ?? undefined, watermark: wm ? Number(wm) : 0 };
}
