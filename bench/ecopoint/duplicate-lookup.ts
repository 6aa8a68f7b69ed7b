/**
 * Duplicate lookup at scale (issue 14, target < 5 ms): the real claim script (`claimImage`) against an index
 * of N stored perceptual hashes, in a Redis server of the benchmark's own (a temporary `redis-server` on a
 * spare port, no persistence), so a million entries never touch the shared stack. Reports p50 / p95 of a
 * lookup of a new image (not found, then filed) and of a near copy (5 bits off a stored hash: found), and the
 * memory the index takes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { claimImage } from '../../activities/ecopoints/duplicate-index';
import { bandHomes } from '../../activities/ecopoints/image-hashes';

/** One measured index size. */
export interface LookupFigures {
  readonly stored: number;
  readonly newImage: { readonly p50: number; readonly p95: number };
  readonly nearCopy: { readonly p50: number; readonly p95: number };
  readonly nearCopiesFound: number;
  readonly lookups: number;
  readonly fillSeconds: number;
  readonly usedMemoryMb: number;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const randomHash = (): string => randomBytes(8).toString('hex');
const randomSha = (): string => randomBytes(32).toString('hex');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

function flipBits(hash: string, n: number): string {
  let v = BigInt(`0x${hash}`);
  const used = new Set<number>();
  while (used.size < n) used.add(Math.floor(Math.random() * 64));
  for (const b of used) v ^= 1n << BigInt(b);
  return v.toString(16).padStart(16, '0');
}

/** Starts a private redis-server, fills it to each size in `sizes` (ascending) and measures lookups at each. */
export async function benchDuplicateLookup(sizes: readonly number[], lookups = 300): Promise<LookupFigures[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciao-dup-bench-'));
  const port = await freePort();
  const server: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on('error', () => undefined); // connection attempts before the server is up are retried below
  try {
    for (let i = 0; i < 50; i++) {
      try {
        await redis.connect();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const out: LookupFigures[] = [];
    const stored: string[] = [];
    let filled = 0;
    for (const size of sizes) {
      const t0 = Date.now();
      while (filled < size) {
        const batch = Math.min(5000, size - filled);
        const pipe = redis.pipeline();
        for (let i = 0; i < batch; i++) {
          const id = `b${(filled + i).toString(16).padStart(23, '0')}`;
          const hash = randomHash();
          if (stored.length < 10_000) stored.push(hash);
          pipe.set(`ecopoint:dup:1:sha:${randomSha()}`, id);
          for (const home of bandHomes(hash)) pipe.sadd(`ecopoint:dup:1:band:${home}`, `${hash}:${id}`);
        }
        await pipe.exec();
        filled += batch;
      }
      const fillSeconds = (Date.now() - t0) / 1000;
      const newTimes: number[] = [];
      const nearTimes: number[] = [];
      let found = 0;
      for (let i = 0; i < lookups; i++) {
        let t = performance.now();
        await claimImage(redis, '1', `n${i}${Date.now().toString(16)}`, { sha256: randomSha(), phash: randomHash() });
        newTimes.push(performance.now() - t);
        const near = flipBits(stored[Math.floor(Math.random() * stored.length)] ?? randomHash(), 5);
        t = performance.now();
        const r = await claimImage(redis, '1', `q${i}${Date.now().toString(16)}`, { sha256: randomSha(), phash: near });
        nearTimes.push(performance.now() - t);
        if (r.duplicate) found++;
      }
      newTimes.sort((a, b) => a - b);
      nearTimes.sort((a, b) => a - b);
      const info = await redis.info('memory');
      const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
      out.push({
        stored: size,
        newImage: { p50: percentile(newTimes, 50), p95: percentile(newTimes, 95) },
        nearCopy: { p50: percentile(nearTimes, 50), p95: percentile(nearTimes, 95) },
        nearCopiesFound: found,
        lookups,
        fillSeconds,
        usedMemoryMb: used / 1024 / 1024,
      });
    }
    return out;
  } finally {
    redis.disconnect();
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}
