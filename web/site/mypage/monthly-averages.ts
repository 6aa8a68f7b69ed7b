/**
 * The members' average points per month for mypage's chart, the same for every member: computed from the
 * ledger at most once per `ttlMs` per process (one computation at a time; callers meanwhile share it), and kept
 * for the window it was computed for (a new Korea month computes again). When MongoDB fails, the last figures
 * are served while they are no older than 10 × `ttlMs` (an average a few minutes old beats no mypage).
 */
import { seoulMonths } from '../../../activities/ecopoints/ledger';

/** Computes the averages of the `months` months up to `now`, oldest first. */
export type AveragesSource = (months: number, now: Date) => Promise<readonly { month: string; averagePoints: number }[]>;

/** See the module comment. */
export class MonthlyAverages {
  private last: { window: string; at: number; byMonth: ReadonlyMap<string, number> } | undefined;
  private pending: Promise<ReadonlyMap<string, number>> | undefined;

  constructor(
    private readonly source: AveragesSource,
    /** How long a computation is used, in ms. */
    private readonly ttlMs: number,
    /** Months of the window. */
    private readonly months: number,
  ) {}

  /**
   * `YYYY-MM` → the average, for the window up to `now`.
   * @throws what the source threw, when there are no figures recent enough to fall back on
   */
  async get(now: Date = new Date()): Promise<ReadonlyMap<string, number>> {
    const window = seoulMonths(this.months, now).map((m) => m.month).join(',');
    const last = this.last;
    if (last && last.window === window && now.getTime() - last.at < this.ttlMs) return last.byMonth;
    this.pending ??= this.compute(window, now).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async compute(window: string, now: Date): Promise<ReadonlyMap<string, number>> {
    try {
      const rows = await this.source(this.months, now);
      const byMonth = new Map(rows.map((r) => [r.month, r.averagePoints]));
      this.last = { window, at: now.getTime(), byMonth };
      return byMonth;
    } catch (err) {
      const last = this.last;
      if (last && last.window === window && now.getTime() - last.at < 10 * this.ttlMs) return last.byMonth;
      throw err;
    }
  }
}
