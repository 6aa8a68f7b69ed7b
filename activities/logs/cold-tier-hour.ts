/**
 * Which hour a `logs_cold_tier` run covers, where its file goes, and which Kafka produce times to scan for
 * its events — pure, so the time rules are unit-tested apart from Kafka and HDFS.
 */
import { InfraError } from '../../domain/errors';
import { SEOUL_OFFSET_MS, seoulWallClock } from '../../domain/korea-time';
import { coldTierHourPath } from '../../infra/contracts';

const HOUR_MS = 3_600_000;

/** Name of the one file of an hour's folder. */
export const COLD_TIER_FILE = 'part-0000.csv';

/** One Korea-time hour of the cold tier. */
export interface ColdTierHour {
  /** Korea-time day, `YYYY-MM-DD` (the `dt=` partition). */
  readonly dt: string;
  /** Korea-time hour 0–23 (the `hour=` partition). */
  readonly hour: number;
  /** Start of the hour, epoch ms (inclusive). */
  readonly startMs: number;
  /** End of the hour, epoch ms (exclusive). */
  readonly endMs: number;
  /** The hour's CSV: `/ciao/logs/raw/dt=…/hour=…/part-0000.csv`. */
  readonly path: string;
}

/**
 * The Korea-time hour that contains `instant` (ISO-8601 with an offset) — for a run, the start of its data
 * interval. With the hourly schedule the data interval is exactly that hour; a manual run for 10:30 also covers
 * 10:00–11:00.
 * @throws InfraError `ValidationFailed` when `instant` is not a date
 */
export function coldTierHourOf(instant: string): ColdTierHour {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new InfraError('ValidationFailed', `not a date: ${instant}`, { instant });
  const startMs = Math.floor((ms + SEOUL_OFFSET_MS) / HOUR_MS) * HOUR_MS - SEOUL_OFFSET_MS;
  const local = seoulWallClock(startMs).toISOString();
  const dt = local.slice(0, 10);
  const hour = Number(local.slice(11, 13));
  return { dt, hour, startMs, endMs: startMs + HOUR_MS, path: `${coldTierHourPath(dt, hour)}/${COLD_TIER_FILE}` };
}

/** How far around the hour to look for its events by Kafka produce time. */
export interface ScanWindowOptions {
  /** Minutes before the hour's start (producer clocks ahead of the event's clock). */
  readonly beforeMinutes: number;
  /** Minutes after the hour's end (events buffered by the publisher through a Kafka outage, retries). */
  readonly afterMinutes: number;
  /** Explicit start of the produce-time window (ISO-8601 with offset); overrides `beforeMinutes`. */
  readonly from?: string | null;
  /** Explicit end of the produce-time window (ISO-8601 with offset); overrides `afterMinutes`. */
  readonly to?: string | null;
}

/** A window of Kafka produce timestamps, epoch ms: `[fromMs, toMs)`. */
export interface ScanWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * The produce-time window to scan for the events of `hour`. Kafka finds offsets by the message timestamp (when
 * the publisher sent it), not by the event time inside it: they differ by the publisher's buffering, and by
 * years when old events are replayed — then the operator names the window the replay ran in (`from`/`to`).
 * @throws InfraError `ValidationFailed` for a bad or empty window
 */
export function scanWindowOf(hour: ColdTierHour, options: ScanWindowOptions): ScanWindow {
  const parse = (text: string, name: string): number => {
    const ms = /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(ms)) throw new InfraError('ValidationFailed', `${name} must be ISO-8601 with an offset, got "${text}"`, { [name]: text });
    return ms;
  };
  const fromMs = options.from ? parse(options.from, 'scanFrom') : hour.startMs - options.beforeMinutes * 60_000;
  const toMs = options.to ? parse(options.to, 'scanTo') : hour.endMs + options.afterMinutes * 60_000;
  if (!(fromMs < toMs)) throw new InfraError('ValidationFailed', 'the scan window is empty: scanFrom must be before scanTo', { fromMs, toMs });
  return { fromMs, toMs };
}
