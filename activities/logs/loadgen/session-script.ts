/**
 * One synthetic visit, planned in full when it starts: the pages seen with their dwell times (page_view →
 * page_leave), a login for members (the session id changes at login, as the web tier rotates it), the menu
 * funnels (main → nolabel → search → product_click, eco-point uploads, less-waste searches), and the end of
 * the visit: a logout by button, a session that expires after 30 idle minutes, or a closed browser.
 */
import { ageBandOf } from '../../../domain/age-band';
import type { EventUser, LogEventOf, LogEventType, Menu } from '../../../domain/events';
import { REGION_CODES } from '../../../domain/regions';
import { ANONYMOUS } from '../../../web/events/build-event';
import { attemptEcopoint, type CreditLedger } from './ecopoint-outcomes';
import { DEFAULT_POINT, REGION_CITIES, REGION_POPULATION } from './korea-places';
import type { PlannedEvent } from './planned-event';
import type { Member } from './population';
import { pickClickedProduct } from './products';
import { pickSearchWord, SEARCH_WORDS } from './search-words';
import type { SeededRandom } from './seeded-random';

/** Idle time after which the web tier expires a session (SPEC §1: 30 min, sliding). */
export const SESSION_IDLE_MS = 30 * 60_000;

/** Length of a web session id (32 random bytes, base64url). */
const SESSION_ID_LENGTH = 43;

type Activity = 'nolabel' | 'lesswaste' | 'ecopoint1' | 'ecopoint2' | 'mypage' | 'about';

const MENU_PAGE: Readonly<Record<Menu, string>> = { ecopoint1: '/ecopoint/1', ecopoint2: '/ecopoint/2', nolabel: '/nolabel', lesswaste: '/lesswaste' };
/** Radii offered by the less-waste map, km, with how often each is chosen. */
const RADIUS_WEIGHT: Readonly<Record<number, number>> = { 1: 10, 2: 8, 3: 18, 5: 30, 10: 22, 15: 5, 20: 7 };
const RADII = Object.keys(RADIUS_WEIGHT).map(Number);

/** Accumulates the events of one visit on its own clock. */
class Visit {
  readonly events: PlannedEvent[] = [];
  private page = '/';
  private viewedAt = 0;

  constructor(
    private t: number,
    private sessionId: string,
    private user: EventUser,
    private readonly rng: SeededRandom,
  ) {}

  get now(): number {
    return this.t;
  }

  emit<T extends LogEventType>(type: T, data: LogEventOf<T>['data'], page: string = this.page): void {
    this.events.push({ at: this.t, type, data, context: { sessionId: this.sessionId, page, user: this.user } } as PlannedEvent);
  }

  /** Waits a log-normal time around `medianS` seconds. */
  wait(medianS: number, sigma = 0.6): void {
    this.t += Math.round(Math.min(600_000, this.rng.logNormal(medianS * 1000, sigma)));
  }

  /** Opens `page` (after a short navigation gap when another page was open). */
  view(page: string): void {
    this.page = page;
    this.viewedAt = this.t;
    this.emit('page_view', {});
  }

  /** Leaves the current page, reporting how long it was open. */
  leave(): void {
    this.emit('page_leave', { dwellMs: Math.max(0, this.t - this.viewedAt) });
    this.t += this.rng.int(150, 1500);
  }

  /** The member logs in: a new session id (rotated at login) and the member's dimensions from now on. */
  login(sessionId: string, user: EventUser): void {
    this.sessionId = sessionId;
    this.user = user;
  }

  /** Advances the clock without an event. */
  skip(ms: number): void {
    this.t += ms;
  }
}

/** What every visit of a run shares. */
export interface VisitWorld {
  /** Credited eco-point uploads so far (for the daily limit). */
  readonly ledger: CreditLedger;
}

function activityWeights(member: Member | undefined): Record<Activity, number> {
  if (!member) return { nolabel: 50, lesswaste: 20, about: 15, ecopoint1: 10, ecopoint2: 5, mypage: 0 };
  const keen = 0.3 + member.ecoKeen;
  return { nolabel: 35, lesswaste: 14, about: 5, ecopoint1: 20 * keen, ecopoint2: 12 * keen, mypage: 12 };
}

function searchFunnel(v: Visit, user: EventUser, rng: SeededRandom): void {
  const searches = rng.weighted([1, 2, 3], (n) => [0, 6, 3, 1][n] ?? 0);
  let word = pickSearchWord(user, rng);
  for (let s = 0; s < searches; s++) {
    v.wait(6);
    if (s > 0) {
      // A refinement: often a synonym of the same thing (생수 → 무라벨 생수), else a new idea.
      const same = SEARCH_WORDS.filter((w) => w.category === word.category && w.word !== word.word);
      word = same.length > 0 && rng.chance(0.6) ? rng.pick(same) : pickSearchWord(user, rng);
    }
    v.emit('search', { word: word.word });
    let clickChance = 0.55;
    while (rng.chance(clickChance)) {
      v.wait(8);
      const product = pickClickedProduct(word.category, rng);
      v.emit('product_click', { productId: product.productId, name: product.name, volumeMl: product.volumeMl, unitPrice: product.unitPrice });
      clickChance *= 0.5;
    }
  }
  v.wait(5);
}

function lesswasteSearches(v: Visit, member: Member | undefined, rng: SeededRandom): void {
  // With the browser's location (granted by most members, fewer visitors) near a city of their region;
  // otherwise the map's default point in Seoul.
  const located = rng.chance(member ? 0.7 : 0.45);
  const region = member?.region ?? rng.weighted(REGION_CODES, (r) => REGION_POPULATION[r]);
  const cities = REGION_CITIES[region];
  // The regional centre is the likeliest, then the other cities in order.
  const city = located ? (cities[rng.weighted(cities.map((_, i) => i), (i) => 1 / (1 + i))] ?? DEFAULT_POINT) : DEFAULT_POINT;
  const lat = located ? city.lat + (rng.next() - 0.5) * 0.08 : city.lat;
  const lng = located ? city.lng + (rng.next() - 0.5) * 0.1 : city.lng;
  const searches = rng.chance(0.35) ? 2 : 1;
  for (let s = 0; s < searches; s++) {
    v.wait(7);
    const radiusKm = rng.weighted(RADII, (r) => RADIUS_WEIGHT[r] ?? 0);
    v.emit('lesswaste_search', { radiusKm, lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 });
  }
  v.wait(15);
}

function ecopointUploads(v: Visit, member: Member, service: 1 | 2, world: VisitWorld, rng: SeededRandom): void {
  v.wait(service === 1 ? 25 : 20);
  let data = attemptEcopoint(member.userId, service, v.now, world.ledger, rng);
  v.emit('ecopoint', data);
  // A rejected photo is often retried once (a new photo, a clearer receipt); a limit reached is not.
  if (data.failCode && data.failCode !== 'OverCount' && rng.chance(0.45)) {
    v.wait(40);
    data = attemptEcopoint(member.userId, service, v.now, world.ledger, rng);
    v.emit('ecopoint', data);
  }
  v.wait(8);
}

const ERROR_CODES = [
  ['NotFound', '페이지를 찾을 수 없어요.'],
  ['ServiceUnavailable', '잠시 후 다시 시도해 주세요.'],
  ['ClientError', 'TypeError: Failed to fetch'],
] as const;

/** A planned visit. */
export interface PlannedVisit {
  /** The events of the visit itself, in time order (at least a page_view and its page_leave). */
  readonly events: PlannedEvent[];
  /**
   * The `logout` / `session_expired` reported when the member comes back after the idle limit, 30+ minutes
   * after the visit: kept apart so the generator can start the next visit meanwhile.
   */
  readonly expiry: PlannedEvent | undefined;
}

/**
 * Plans one visit starting at `start` (epoch ms) by `member`, or by an anonymous visitor when undefined.
 */
export function planVisit(member: Member | undefined, start: number, world: VisitWorld, rng: SeededRandom): PlannedVisit {
  const landing = rng.weighted(['/', '/nolabel', '/lesswaste', '/about'], (p) => ({ '/': 70, '/nolabel': 15, '/lesswaste': 10, '/about': 5 })[p] ?? 0);
  const v = new Visit(start, rng.token(SESSION_ID_LENGTH), ANONYMOUS, rng);
  let user: EventUser = ANONYMOUS;
  v.view(landing);
  if (member) {
    v.wait(4);
    v.leave();
    v.view('/login');
    v.wait(15, 0.5);
    user = { userId: member.userId, gender: member.gender, ageBand: ageBandOf(member.birthDate, new Date(v.now)), region: member.region };
    v.login(rng.token(SESSION_ID_LENGTH), user);
    v.emit('login', {});
    v.leave();
    v.view(rng.chance(0.6) ? '/mypage' : '/');
  }
  v.wait(member ? 6 : 10);
  const weights = activityWeights(member);
  const activities = Object.keys(weights) as Activity[];
  const count = Math.min(8, 1 + Math.floor(rng.logNormal(1.2, 0.8) * (member ? Math.sqrt(member.activity) : 0.7)));
  for (let a = 0; a < count; a++) {
    const activity = rng.weighted(activities, (k) => weights[k]);
    if (activity === 'mypage' || activity === 'about') {
      v.leave();
      v.view(`/${activity}`);
      v.wait(activity === 'about' ? 40 : 20);
      continue;
    }
    v.emit('menu_click', { menu: activity });
    v.leave();
    if ((activity === 'ecopoint1' || activity === 'ecopoint2') && !member) {
      // Login required: the visitor lands on the login page and, being no member, goes no further.
      v.view('/login');
      v.wait(6);
      break;
    }
    v.view(MENU_PAGE[activity]);
    if (rng.chance(0.01)) {
      const [code, message] = rng.pick(ERROR_CODES);
      v.emit('error', { code, message });
    }
    if (activity === 'nolabel') searchFunnel(v, user, rng);
    else if (activity === 'lesswaste') lesswasteSearches(v, member, rng);
    else if (member) ecopointUploads(v, member, activity === 'ecopoint1' ? 1 : 2, world, rng);
  }
  v.leave();
  let expiry: PlannedEvent | undefined;
  if (member) {
    const method = rng.weighted(['button', 'session_expired', 'browser_closed'] as const, (m) => ({ button: 40, session_expired: 40, browser_closed: 20 })[m]);
    if (method === 'button') v.emit('logout', { method }, '/logout');
    else if (method === 'browser_closed') v.emit('logout', { method });
    else {
      // Noticed by the web tier when the member comes back after the idle limit.
      v.skip(SESSION_IDLE_MS + rng.int(1000, 600_000));
      v.emit('logout', { method }, '/');
      expiry = v.events.pop();
    }
  }
  return { events: v.events, expiry };
}
