/**
 * How many password hashes (scrypt: ~160 ms of CPU each) run at once, and how many may wait. scrypt already runs
 * on libuv's thread pool, off the event loop, but the pool has four threads and this machine two cores: four
 * concurrent logins would take every core from the pages. Hashes beyond `concurrency` wait in order; beyond
 * `maxWaiting` waiting ones a login is refused at once (503 "잠시 후 다시 시도해 주세요") instead of waiting
 * seconds — a login flood then costs at most `concurrency` cores.
 */
import { InfraError } from '../../domain/errors';

/** What a refused hash says. */
export const HASH_BUSY_MESSAGE = '지금 로그인하는 사람이 많아요. 잠시 후 다시 시도해 주세요.';

/** See the module comment. */
export class HashLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    /** Hashes at once (`PASSWORD_HASH_CONCURRENCY`, default 1). */
    private readonly concurrency: number,
    /** Hashes that may wait (`PASSWORD_HASH_QUEUE`, default 16). */
    private readonly maxWaiting: number,
  ) {}

  /** Hashes running and waiting now. */
  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * Runs `hash` when a slot is free.
   * @throws InfraError `ServiceUnavailable` when `maxWaiting` hashes are already waiting
   */
  async run<T>(hash: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new InfraError('ServiceUnavailable', HASH_BUSY_MESSAGE, { waiting: this.waiting.length });
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await hash();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next in line (running stays the same), or is freed.
      if (next) next();
      else this.running--;
    }
  }
}
