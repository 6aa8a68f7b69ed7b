/**
 * The index of every image ever uploaded, for `ImgDuplicated` (SPEC §1: the same image by anyone), in Redis:
 * - `ecopoint:dup:<scope>:sha:<sha256>` → the upload id that first sent these exact bytes;
 * - `ecopoint:dup:<scope>:band:<i>:<value>` → a set of `<phash>:<uploadId>` for every stored perceptual hash whose
 *   band `i` (16 bits) has that value (see image-hashes.ts for the banding and why 68 probes find every hash
 *   within the threshold).
 *
 * Looking up and filing an image is ONE Lua script, so two members sending the same (or a re-encoded) image
 * at the same moment cannot both pass: the second one runs after the first has filed its hashes. Filing the
 * same upload again is a no-op (its own entries are ignored), so retries are safe. The hashes are also kept on
 * each upload record in MongoDB (`ecopoint_uploads`), from which the index can be rebuilt.
 *
 * Redis keeps the index in memory (the local stack's Redis has an append-only file): a million images took
 * 586 MB in bench/ecopoint. On a Redis Cluster the keys would
 * need a common hash tag; the local and compose deployments run one Redis.
 */
import type { Redis } from 'ioredis';
import { bandHomes, bandProbes, DUPLICATE_MAX_DISTANCE, type ImageFingerprint } from './image-hashes';

/** Key prefix of the index (tests use their own Redis database). */
export const DUPLICATE_INDEX_PREFIX = 'ecopoint:dup:';

const shaKey = (scope: string, sha256: string): string => `${DUPLICATE_INDEX_PREFIX}${scope}:sha:${sha256}`;
const bandSetKey = (scope: string, band: string): string => `${DUPLICATE_INDEX_PREFIX}${scope}:band:${band}`;

// KEYS[1] the sha key, KEYS[2 .. 1+P] probe sets, then the 4 home sets; ARGV: upload id, phash, max distance, P.
// Returns {'ok'} or {'dup', other upload id, distance ('0' for the same bytes)}.
const CLAIM = `
local id, hash, maxd, probes = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= id then return {'dup', owner, '0'} end
local band, bxor, rshift = bit.band, bit.bxor, bit.rshift
local function pop(x)
  x = x - band(rshift(x, 1), 0x55555555)
  x = band(x, 0x33333333) + band(rshift(x, 2), 0x33333333)
  x = band(x + rshift(x, 4), 0x0F0F0F0F)
  return band(x, 0xFF) + band(rshift(x, 8), 0xFF) + band(rshift(x, 16), 0xFF) + rshift(x, 24)
end
local hi, lo = tonumber(string.sub(hash, 1, 8), 16), tonumber(string.sub(hash, 9, 16), 16)
local sub = string.sub
for k = 2, 1 + probes do
  for _, member in ipairs(redis.call('SMEMBERS', KEYS[k])) do
    local d = pop(bxor(tonumber(sub(member, 1, 8), 16), hi)) + pop(bxor(tonumber(sub(member, 9, 16), 16), lo))
    if d <= maxd then
      local other = sub(member, 18)
      if other ~= id then return {'dup', other, tostring(d)} end
    end
  end
end
redis.call('SET', KEYS[1], id)
local entry = hash .. ':' .. id
for k = 2 + probes, #KEYS do redis.call('SADD', KEYS[k], entry) end
return {'ok'}
`;

// KEYS[1] the sha key, then the 4 home sets; ARGV: upload id, phash.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
local entry = ARGV[2] .. ':' .. ARGV[1]
for k = 2, #KEYS do redis.call('SREM', KEYS[k], entry) end
return 1
`;

/** The outcome of {@link claimImage}. */
export type ClaimResult =
  | { readonly duplicate: false }
  | { readonly duplicate: true; readonly ofUploadId: string; readonly distance: number };

/**
 * Looks the image up and, when no stored image is the same, files it under `uploadId` — atomically.
 * @param scope - which index (the service: photos and receipts are compared only among themselves)
 * @param maxDistance - Hamming distance that still counts as the same image (default {@link DUPLICATE_MAX_DISTANCE};
 *   at most 7, which the probes guarantee; -1 compares SHA-256 only)
 */
export async function claimImage(redis: Redis, scope: string, uploadId: string, print: ImageFingerprint, maxDistance = DUPLICATE_MAX_DISTANCE): Promise<ClaimResult> {
  const probes = maxDistance < 0 ? [] : bandProbes(print.phash).map((b) => bandSetKey(scope, b));
  const homes = bandHomes(print.phash).map((b) => bandSetKey(scope, b));
  const keys = [shaKey(scope, print.sha256), ...probes, ...homes];
  const reply = (await redis.eval(CLAIM, keys.length, ...keys, uploadId, print.phash, Math.min(maxDistance, 7), probes.length)) as string[];
  if (reply[0] === 'ok') return { duplicate: false };
  return { duplicate: true, ofUploadId: reply[1] ?? '', distance: Number(reply[2] ?? 0) };
}

/** Removes the upload's entries (after a failure that granted nothing, so the member may send the image again). */
export async function releaseImage(redis: Redis, scope: string, uploadId: string, print: ImageFingerprint): Promise<void> {
  const keys = [shaKey(scope, print.sha256), ...bandHomes(print.phash).map((b) => bandSetKey(scope, b))];
  await redis.eval(RELEASE, keys.length, ...keys, uploadId, print.phash);
}

/**
 * Files a receipt's OCR text (its SHA-256) under `uploadId` unless another upload has it: receipts all look
 * alike to pHash, so a receipt photographed or re-encoded again is recognised by what it says.
 * @returns the upload id that had it first, or null when it is this upload's
 */
export async function claimReceiptText(redis: Redis, uploadId: string, textSha256: string): Promise<string | null> {
  const key = `${DUPLICATE_INDEX_PREFIX}2:text:${textSha256}`;
  const owner = (await redis.set(key, uploadId, 'NX', 'GET'));
  return owner === null || owner === uploadId ? null : owner;
}
