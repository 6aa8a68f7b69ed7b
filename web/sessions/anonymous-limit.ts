/**
 * How many anonymous sessions one client address may open per minute (`ANON_SESSIONS_PER_MIN`): every page a
 * new visitor opens writes a session to Redis (its CSRF token), so a client that never keeps its cookie could
 * otherwise write one per request. Over the limit the page still renders, without a session (and without
 * working forms) until the minute is over. Counted in this process's memory: nothing more is written anywhere.
 */

/** Fixed one-minute windows per client address, for at most `maxClients` addresses at a time. */
export class AnonymousSessionLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    /** Sessions allowed per address and minute. */
    private readonly perMinute: number,
    /** Addresses tracked at once; past it the table starts over (bounded memory under a flood). */
    private readonly maxClients = 50_000,
  ) {}

  /** True when `address` may open one more session now (and counts it). */
  allow(address: string, now: number = Date.now()): boolean {
    const window = this.windows.get(address);
    if (!window || now - window.start >= 60_000) {
      if (this.windows.size >= this.maxClients) this.windows.clear();
      this.windows.set(address, { start: now, count: 1 });
      return true;
    }
    window.count++;
    return window.count <= this.perMinute;
  }
}
