/**
 * The daily quota of credited uploads (SPEC §1 `OverCount`), in Redis so that concurrent uploads cannot
 * overtake it: a hash per member, service and Korea day, `ecopoint:quota:<day>:<userId>:<service>`, whose
 * fields are upload ids holding a slot (`held` while the model decides, `credited` once points were granted),
 * expiring at the next midnight Korea time. Taking a slot is one Lua script (check the count and add the
 * field atomically), so of three uploads at the same moment exactly two get one; a refused or failed upload
 * gives its slot back. Taking a slot again for the same upload is a no-op, so workflow retries are safe.
 */
import type { Redis } from 'ioredis';
import { DAILY_CREDIT_LIMIT, nextSeoulMidnight } from '../../domain/ecopoint-day';
import { seoulDate } from '../../domain/korea-time';
import type { EcoService } from './ledger';

/** The Redis key of one member's quota for `service` on the Korea day of `at`. */
export function quotaKey(userId: string, service: EcoService, at: Date): string {
  return `ecopoint:quota:${seoulDate(at)}:${userId}:${service}`;
}

// KEYS[1] quota hash; ARGV: upload id, limit, expire-at (epoch seconds). Returns {taken 0|1, slots used}.
const TAKE_SLOT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return {1, redis.call('HLEN', KEYS[1])} end
local used = redis.call('HLEN', KEYS[1])
if used >= tonumber(ARGV[2]) then return {0, used} end
redis.call('HSET', KEYS[1], ARGV[1], 'held')
redis.call('EXPIREAT', KEYS[1], ARGV[3])
return {1, used + 1}
`;

// KEYS[1] quota hash; ARGV: upload id. Marks a held slot credited (a no-op when the upload holds none).
const CREDIT_SLOT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], 'credited') return 1 end
return 0
`;

/** The outcome of {@link takeSlot}. */
export interface SlotResult {
  /** True when the upload holds a slot (now or from an earlier try). */
  readonly taken: boolean;
  /** Slots in use that day after the call. */
  readonly used: number;
}

/**
 * Takes one of the day's slots for `uploadId`, unless {@link DAILY_CREDIT_LIMIT} are in use.
 * @param at - the moment that decides the day (the upload's time)
 */
export async function takeSlot(redis: Redis, userId: string, service: EcoService, uploadId: string, at: Date): Promise<SlotResult> {
  // Expire a little after midnight, and never in the past (an upload received just before midnight).
  const expireAt = Math.max(Math.ceil(nextSeoulMidnight(at).getTime() / 1000), Math.ceil(Date.now() / 1000) + 60);
  const [taken, used] = (await redis.eval(TAKE_SLOT, 1, quotaKey(userId, service, at), uploadId, DAILY_CREDIT_LIMIT, expireAt)) as [number, number];
  return { taken: taken === 1, used };
}

/** Marks the upload's slot as credited (points granted). */
export async function creditSlot(redis: Redis, userId: string, service: EcoService, uploadId: string, at: Date): Promise<void> {
  await redis.eval(CREDIT_SLOT, 1, quotaKey(userId, service, at), uploadId);
}

/** Gives the upload's slot back (nothing was granted). */
export async function releaseSlot(redis: Redis, userId: string, service: EcoService, uploadId: string, at: Date): Promise<void> {
  await redis.hdel(quotaKey(userId, service, at), uploadId);
}

/** Uploads the member may still make today for `service` (slots not in use). */
export async function remainingToday(redis: Redis, userId: string, service: EcoService, at: Date = new Date()): Promise<number> {
  return Math.max(0, DAILY_CREDIT_LIMIT - (await redis.hlen(quotaKey(userId, service, at))));
}
