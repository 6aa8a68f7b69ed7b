/**
 * A token bucket: `rate` tokens per second accrue up to `burst`; taking tokens paces a loop to the rate
 * without drifting (a slow tick is made up by the next one, within the burst). Pure: the caller passes the
 * clock.
 */
export class TokenBucket {
  private tokens: number;
  private last: number | undefined;

  /**
   * @param rate tokens per second (> 0)
   * @param burst most tokens held (default: a tenth of a second's worth, at least 1)
   */
  constructor(
    private readonly rate: number,
    private readonly burst: number = Math.max(1, rate / 10),
  ) {
    if (!(rate > 0)) throw new RangeError(`rate must be positive, got ${rate}`);
    this.tokens = 0;
  }

  /**
   * Takes up to `max` whole tokens available at `nowMs` (a monotonic clock in ms).
   * @returns how many were taken (0 … max)
   */
  take(max: number, nowMs: number): number {
    if (this.last === undefined) this.last = nowMs;
    this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.last) * this.rate) / 1000);
    this.last = nowMs;
    const n = Math.max(0, Math.min(max, Math.floor(this.tokens)));
    this.tokens -= n;
    return n;
  }

  /** Milliseconds until at least one token is available (0 when one is). */
  waitMs(): number {
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.rate);
  }
}
