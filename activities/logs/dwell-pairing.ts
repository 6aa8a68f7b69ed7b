/**
 * Dwell time from a day of raw events (the cold tier's rows) — pure, so the pairing and bucketing rules are
 * unit-tested apart from HDFS and MongoDB.
 *
 * **Page dwell.** Events are taken per session id in event-time order. A `page_leave` reports the time its
 * page was open (`data.dwellMs`) and closes the open `page_view`. A `page_view` followed by another
 * `page_view` of the same session with no `page_leave` between them (a leave beacon that never arrived) is
 * closed by the next view: its dwell is the gap between the two views. A `page_view` that nothing closes
 * (the last one of the session, or one whose session goes on past midnight) has no known dwell and is
 * counted as unpaired.
 *
 * **Session dwell.** Per session id and member, a `login` opens and the next `logout` closes the session:
 * its dwell is logout time − login time. A second `login` before a `logout` drops the first (unpaired); a
 * `logout` with no `login` that day (logged in before midnight) or a `login` never closed that day is
 * unpaired too. The web tier rotates the session id at login, so login and logout share it.
 *
 * The dimensions of a dwell are the member's (gender, age band) on the closing event; anonymous → null.
 */

import { bucketByDims, type DimHistogram } from './dim-histograms';
import type { Gender } from '../../domain/gender';

/** The event fields dwell pairing needs (a cold-tier CSV row, parsed). */
export interface DwellEvent {
  readonly type: string;
  /** Epoch milliseconds. */
  readonly timeMs: number;
  /** Tie-breaker for events at the same millisecond (the event id). */
  readonly id: string;
  readonly sessionId: string;
  readonly userId: string | null;
  readonly gender: Gender | null;
  readonly ageBand: number | null;
  /** `page_leave` only: milliseconds the page was open. */
  readonly dwellMs?: number;
}

/** One measured dwell. */
export interface Dwell {
  readonly ms: number;
  readonly gender: Gender | null;
  readonly ageBand: number | null;
}

/** The dwells of a day and how many events could not be paired. */
export interface PairedDwells {
  readonly dwells: Dwell[];
  /** Page views (page) or logins / logouts (session) left without a partner. */
  readonly unpaired: number;
}

/** Upper bounds (exclusive, ms) of the histogram buckets; the last bucket is open-ended. */
export const DWELL_BOUNDS_MS = [10_000, 30_000, 60_000, 180_000, 600_000, 1_800_000, 3_600_000] as const;

/** Korean labels of the buckets, in order (one more than {@link DWELL_BOUNDS_MS}). */
export const DWELL_BUCKET_LABELS = ['10초 미만', '10–30초', '30초–1분', '1–3분', '3–10분', '10–30분', '30–60분', '60분 이상'] as const;

/** Index of the bucket of a dwell of `ms` milliseconds (0 … 7). */
export function dwellBucketOf(ms: number): number {
  const i = DWELL_BOUNDS_MS.findIndex((bound) => ms < bound);
  return i === -1 ? DWELL_BOUNDS_MS.length : i;
}

function bySession(events: readonly DwellEvent[], keyOf: (e: DwellEvent) => string): Map<string, DwellEvent[]> {
  const groups = new Map<string, DwellEvent[]>();
  for (const e of events) {
    const key = keyOf(e);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(e);
  }
  for (const list of groups.values()) list.sort((a, b) => a.timeMs - b.timeMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return groups;
}

const dimsOf = (e: DwellEvent): Omit<Dwell, 'ms'> => ({ gender: e.gender, ageBand: e.ageBand });

/** Page dwells of a day's events (any order), by the rule in the module comment. */
export function pairPageDwells(events: readonly DwellEvent[]): PairedDwells {
  const pages = events.filter((e) => e.type === 'page_view' || e.type === 'page_leave');
  const dwells: Dwell[] = [];
  let unpaired = 0;
  for (const list of bySession(pages, (e) => e.sessionId).values()) {
    let open: DwellEvent | undefined;
    for (const e of list) {
      if (e.type === 'page_leave') {
        // The beacon's own measure is the truth, also when its page_view is in another day or missing.
        if (e.dwellMs !== undefined) dwells.push({ ms: e.dwellMs, ...dimsOf(e) });
        open = undefined;
      } else {
        if (open) dwells.push({ ms: e.timeMs - open.timeMs, ...dimsOf(open) });
        open = e;
      }
    }
    if (open) unpaired += 1;
  }
  return { dwells, unpaired };
}

/** Session dwells (login → logout per session id and member) of a day's events, any order. */
export function pairSessionDwells(events: readonly DwellEvent[]): PairedDwells {
  const sessions = events.filter((e) => e.type === 'login' || e.type === 'logout');
  const dwells: Dwell[] = [];
  let unpaired = 0;
  for (const list of bySession(sessions, (e) => `${e.sessionId}|${e.userId ?? ''}`).values()) {
    let open: DwellEvent | undefined;
    for (const e of list) {
      if (e.type === 'login') {
        if (open) unpaired += 1;
        open = e;
      } else if (open) {
        dwells.push({ ms: e.timeMs - open.timeMs, ...dimsOf(e) });
        open = undefined;
      } else {
        unpaired += 1;
      }
    }
    if (open) unpaired += 1;
  }
  return { dwells, unpaired };
}

/** The dwells bucketed per gender × age band (`total` in ms; see {@link bucketByDims}). */
export function dwellHistograms(dwells: readonly Dwell[]): DimHistogram[] {
  return bucketByDims(dwells.map((d) => ({ bucket: dwellBucketOf(d.ms), value: d.ms, gender: d.gender, ageBand: d.ageBand })), DWELL_BUCKET_LABELS.length);
}
