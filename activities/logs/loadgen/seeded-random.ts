/**
 * A small seeded pseudo-random generator for synthetic traffic: the same seed gives the same sequence on any
 * machine (only 32-bit integer arithmetic), and independent streams are forked by name, so adding a draw to
 * one part of the generator (say, search words) does not shift another (the member population).
 *
 * The core is a 32-bit multiply–xorshift counter generator (the "mulberry" family): fast, small state, and
 * good enough for load generation (not for cryptography).
 */
import { fnv1a32 } from '../../../domain/stable-hash';

/** A deterministic random stream. */
export class SeededRandom {
  private state: number;

  /** @param seed any integer; equal seeds give equal streams */
  constructor(private readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent stream derived from this one's seed and `name` (does not advance this stream). */
  fork(name: string): SeededRandom {
    return new SeededRandom((Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) ^ fnv1a32(name)) >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One element of `items`, with probability proportional to `weightOf(item)` (weights ≥ 0, not all 0). */
  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += weightOf(item);
    if (!(total > 0)) throw new RangeError('weighted pick needs a positive total weight');
    let r = this.next() * total;
    for (const item of items) {
      r -= weightOf(item);
      if (r < 0) return item;
    }
    return items[items.length - 1] as T;
  }

  /** Log-normal draw with the given median and spread (`sigma` of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) never happens
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** `length` characters of the base64url alphabet (the shape of the web tier's session ids). */
  token(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * 64)];
    return out;
  }

  /** `length` lowercase hexadecimal digits (the shape of a MongoDB ObjectId when 24). */
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return out;
  }
}

/** The stream of `seed` as a function returning numbers in [0, 1) (for code that wants just that). */
export function randomStream(seed: number): () => number {
  const stream = new SeededRandom(seed);
  return () => stream.next();
}
