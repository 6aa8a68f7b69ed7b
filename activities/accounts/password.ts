/**
 * Password hashing with node:crypto scrypt: a fresh random salt per password, the cost parameters stored with
 * the hash (so they can be raised later without breaking old hashes), and a constant-time comparison.
 *
 * Stored form: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`. Passwords themselves are never stored or
 * logged; nothing here puts them in an error message.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two (default 2^15 = 32768: 32 MiB of memory per hash). */
  readonly N: number;
  /** Block size (default 8). */
  readonly r: number;
  /** Parallelisation (default 3; Node computes the p lanes one after the other, so CPU time grows with it). */
  readonly p: number;
}

/**
 * Parameters for new hashes: one of OWASP's equivalent scrypt settings (Password Storage Cheat Sheet: N=2^17 r=8
 * p=1, or N=2^16 r=8 p=2, N=2^15 r=8 p=3, N=2^14 r=8 p=5, N=2^13 r=8 p=10). N=2^15 r=8 p=3 keeps the 32 MiB per
 * hash of the earlier N=2^15 r=8 p=1 (which was below OWASP's minimum) at 2.5 times its CPU: about 160 ms of one
 * core on the development machine, against 260 ms for N=2^17 p=1 (measured: bench/RESULTS.md, "Web tier: mypage
 * and logins"). Stored hashes keep their own parameters; {@link needsRehash} tells a login to upgrade them.
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;

/** A scrypt implementation: Node's own on libuv's pool ({@link libuvScrypt}), or threads of lower priority (`scrypt-workers.ts`). */
export type ScryptDerive = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) => Promise<Buffer>;

/** Node's `crypto.scrypt`: on libuv's thread pool, off the event loop. */
export const libuvScrypt: ScryptDerive = (password, salt, keylen, options) =>
  new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });

function derive(password: string, salt: Buffer, params: ScryptParams, scryptWith: ScryptDerive): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; allow twice that so the default limit (32 MiB) never gets in the way.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return scryptWith(password.normalize('NFC'), salt, KEY_BYTES, options);
}

/**
 * Hashes `password` with a new random salt, off the event loop.
 * @param scryptWith where scrypt runs (default Node's own, on libuv's pool)
 */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT, scryptWith: ScryptDerive = libuvScrypt): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, scryptWith);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Parses a stored hash, or undefined when it is not one of ours. */
function parseStored(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return undefined;
  return { params: { N, r, p }, salt: Buffer.from(parts[4] ?? '', 'base64'), key: Buffer.from(parts[5] ?? '', 'base64') };
}

/**
 * True when `stored` was made with weaker parameters than `params` (default {@link DEFAULT_SCRYPT}) — or is not
 * one of ours: after a successful login the password is hashed again and stored.
 */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseStored(stored);
  if (!parsed) return true;
  const cost = (x: ScryptParams) => x.N * x.r * x.p;
  return parsed.params.N < params.N || parsed.params.r < params.r || cost(parsed.params) < cost(params);
}

/**
 * True when `password` matches `stored` (a {@link hashPassword} result); false for a malformed hash.
 * @param scryptWith where scrypt runs (default Node's own, on libuv's pool)
 */
export async function verifyPassword(password: string, stored: string, scryptWith: ScryptDerive = libuvScrypt): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed || parsed.key.length !== KEY_BYTES) return false;
  const key = await derive(password, parsed.salt, parsed.params, scryptWith);
  return timingSafeEqual(key, parsed.key);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, for logins of unknown user ids, so response times do not tell
 * which ids exist. Always false.
 */
export async function verifyAgainstDummy(password: string, scryptWith: ScryptDerive = libuvScrypt): Promise<false> {
  dummy ??= hashPassword('not-a-real-password-0');
  await verifyPassword(password, await dummy, scryptWith);
  return false;
}
