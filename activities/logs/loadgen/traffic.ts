/**
 * The synthetic traffic of a whole site: a fixed number of concurrent visits (slots), each planned by
 * {@link planVisit}; when a visit ends its slot starts a new one after a short pause, so the mix stays steady
 * for as long as events are asked for. Events come out in the order of their simulated times across all
 * visits. Everything follows from the seed: the population, who visits when, and what they do — two
 * generators with the same options produce the same sequence (event ids aside: `buildEvent` draws them).
 */
import type { CreditLedger } from './ecopoint-outcomes';
import { MinHeap } from './min-heap';
import type { PlannedEvent } from './planned-event';
import { createPopulation, type Member } from './population';
import { planVisit } from './session-script';
import { SeededRandom } from './seeded-random';

/** Options of {@link TrafficGenerator}. */
export interface TrafficOptions {
  /** Seed of everything (default 42). */
  readonly seed?: number;
  /** Number of members (default 500); ages are taken on `start`. */
  readonly members?: number;
  /** Simulated start, epoch ms (default: 2026-11-25T09:00+09:00, so runs are reproducible). */
  readonly start?: number;
  /** Visits in progress at once (default 200). More visits interleave more; each costs a few KB. */
  readonly concurrency?: number;
  /** Share of visits by members (default 0.6); the rest are anonymous visitors. */
  readonly memberShare?: number;
}

interface Cursor {
  readonly events: readonly PlannedEvent[];
  index: number;
  /** The slot this visit occupies, or -1 for a lone expiry logout. */
  readonly slot: number;
  readonly member: Member | undefined;
}

/** Default simulated start: 2026-11-25 09:00 in Seoul. */
export const DEFAULT_START = Date.parse('2026-11-25T09:00:00+09:00');

/** See the module comment. */
export class TrafficGenerator {
  /** The member population. */
  readonly members: readonly Member[];
  private readonly rng: SeededRandom;
  private readonly heap = new MinHeap<Cursor>();
  private readonly ledger: CreditLedger = new Map();
  private readonly busy = new Set<string>();
  private readonly cumulative: number[];
  private readonly memberShare: number;
  private sequence = 0;
  private produced = 0;

  constructor(options: TrafficOptions = {}) {
    const seed = options.seed ?? 42;
    const root = new SeededRandom(seed);
    const start = options.start ?? DEFAULT_START;
    this.members = createPopulation(options.members ?? 500, new Date(start), root.fork('population'));
    this.rng = root.fork('visits');
    this.memberShare = this.members.length === 0 ? 0 : (options.memberShare ?? 0.6);
    let sum = 0;
    this.cumulative = this.members.map((m) => (sum += m.activity));
    const concurrency = Math.max(1, options.concurrency ?? 200);
    // Visits already under way at the start, spread over the first minute.
    for (let slot = 0; slot < concurrency; slot++) this.startVisit(slot, start + Math.floor(this.rng.next() * 60_000));
  }

  /** Events produced so far. */
  get count(): number {
    return this.produced;
  }

  /** The next event in simulated-time order (the stream never ends). */
  next(): PlannedEvent {
    for (;;) {
      const cursor = this.heap.pop();
      if (!cursor) throw new Error('traffic generator has no visits');
      const event = cursor.events[cursor.index++];
      if (cursor.index < cursor.events.length) this.heap.push(cursor.events[cursor.index]!.at, this.sequence++, cursor);
      else if (cursor.slot >= 0) {
        if (cursor.member) this.busy.delete(cursor.member.userId);
        // The next visitor of this slot arrives a little later.
        this.startVisit(cursor.slot, (event?.at ?? 0) + Math.round(this.rng.logNormal(3000, 1)));
      }
      if (event) {
        this.produced++;
        return event;
      }
    }
  }

  private startVisit(slot: number, at: number): void {
    const member = this.rng.chance(this.memberShare) ? this.pickMember() : undefined;
    if (member) this.busy.add(member.userId);
    const visit = planVisit(member, at, { ledger: this.ledger }, this.rng);
    this.heap.push(visit.events[0]!.at, this.sequence++, { events: visit.events, index: 0, slot, member });
    if (visit.expiry) this.heap.push(visit.expiry.at, this.sequence++, { events: [visit.expiry], index: 0, slot: -1, member: undefined });
  }

  /** A member by activity, preferring one not already in a visit (a few tries, then anyone: a second device). */
  private pickMember(): Member {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    let member: Member | undefined;
    for (let attempt = 0; attempt < 4; attempt++) {
      const r = this.rng.next() * total;
      let lo = 0;
      let hi = this.cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((this.cumulative[mid] ?? 0) > r) hi = mid;
        else lo = mid + 1;
      }
      member = this.members[lo];
      if (member && !this.busy.has(member.userId)) return member;
    }
    return member ?? this.members[0]!;
  }
}
