import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AGE_BANDS, ageBandOf } from '../../../../domain/age-band';
import { MENUS, parseLogEvent, type LogEvent } from '../../../../domain/events';
import { REGION_CODES } from '../../../../domain/regions';
import { toLogEvent, type PlannedEvent } from '../../../../activities/logs/loadgen/planned-event';
import { TrafficGenerator } from '../../../../activities/logs/loadgen/traffic';

/** The eco-point rejection codes of SPEC §1. */
const SPEC_FAIL_CODES = ['ImgOverSize', 'ImgInvalid', 'ImgNoMeta', 'ImgNotToday', 'ImgDuplicated', 'OverCount', 'ModelError', 'ModelNoPlastic', 'ModelYesLabel', 'OcrNoDetect'];

const take = (generator: TrafficGenerator, n: number): PlannedEvent[] => Array.from({ length: n }, () => generator.next());
const strip = (p: PlannedEvent) => ({ at: p.at, type: p.type, data: p.data, context: p.context });

describe('TrafficGenerator: determinism', () => {
  it('produces the same traffic for the same seed', () => {
    const a = take(new TrafficGenerator({ seed: 42 }), 5000).map(strip);
    const b = take(new TrafficGenerator({ seed: 42 }), 5000).map(strip);
    assert.deepEqual(a, b);
  });

  it('produces other traffic for another seed', () => {
    const a = take(new TrafficGenerator({ seed: 42 }), 500).map(strip);
    const b = take(new TrafficGenerator({ seed: 43 }), 500).map(strip);
    assert.notDeepEqual(a, b);
  });

  it('keeps the population when only the concurrency changes', () => {
    assert.deepEqual(new TrafficGenerator({ seed: 9, concurrency: 10 }).members, new TrafficGenerator({ seed: 9, concurrency: 3000 }).members);
  });
});

describe('TrafficGenerator: a large sample', () => {
  const N = 60_000;
  let planned: PlannedEvent[] = [];
  let events: LogEvent[] = [];
  let generator: TrafficGenerator;
  before(() => {
    generator = new TrafficGenerator({ seed: 42, members: 500, concurrency: 500 });
    planned = take(generator, N);
    events = planned.map((p) => toLogEvent(p, new Date(p.at)));
  });
  const ofType = <T extends LogEvent['type']>(type: T) => events.filter((e): e is Extract<LogEvent, { type: T }> => e.type === type);

  it('makes only events that pass the shared schema', () => {
    const invalid = events.map((e) => parseLogEvent(JSON.stringify(e))).filter((r) => !r.ok);
    assert.deepEqual(invalid, []);
  });

  it('emits every event type and every menu', () => {
    const types = new Set(events.map((e) => e.type));
    for (const t of ['login', 'logout', 'menu_click', 'ecopoint', 'search', 'product_click', 'lesswaste_search', 'page_view', 'page_leave', 'error']) assert.ok(types.has(t as LogEvent['type']), t);
    assert.deepEqual(new Set(ofType('menu_click').map((e) => e.data.menu)), new Set(MENUS));
  });

  it('comes out in simulated-time order', () => {
    for (let i = 1; i < planned.length; i++) assert.ok(planned[i]!.at >= planned[i - 1]!.at, `event ${i}`);
  });

  it('closes every page view with a page leave in the same session, reporting the time between them', () => {
    const open = new Map<string, PlannedEvent>();
    let checked = 0;
    for (const p of planned) {
      if (p.type === 'page_view') open.set(p.context.sessionId, p);
      if (p.type === 'page_leave') {
        const view = open.get(p.context.sessionId);
        if (!view) continue; // the visit started before the sample (impossible here) or rotated at login
        assert.equal(p.context.page, view.context.page);
        assert.equal(p.data.dwellMs, p.at - view.at);
        open.delete(p.context.sessionId);
        checked++;
      }
    }
    assert.ok(checked > 10_000, `${checked} pairs`);
  });

  it('logs members in on a fresh session id with their dimensions, and keeps visitors anonymous', () => {
    const logins = ofType('login');
    assert.ok(logins.length > 500);
    const byId = new Map(generator.members.map((m) => [m.userId, m]));
    for (const e of logins) {
      const m = byId.get(e.user.userId ?? '');
      assert.ok(m, 'a known member');
      assert.deepEqual(e.user, { userId: m.userId, gender: m.gender, ageBand: ageBandOf(m.birthDate, new Date(e.time)), region: m.region });
      assert.equal(e.page, '/login');
    }
    const sessionsBefore = new Set(events.filter((e) => e.type === 'page_view' && e.page === '/login').map((e) => e.sessionId));
    assert.ok(logins.every((e) => !sessionsBefore.has(e.sessionId)), 'the session id changes at login');
    const anon = events.filter((e) => e.user.userId === null);
    assert.ok(anon.every((e) => e.user.gender === null && e.user.ageBand === null && e.user.region === null));
    const memberShare = (events.length - anon.length) / events.length;
    assert.ok(memberShare > 0.4 && memberShare < 0.8, `member share ${memberShare}`);
  });

  it('follows the no-label funnel: more menu clicks than searches than product clicks, each on /nolabel', () => {
    const nolabelClicks = ofType('menu_click').filter((e) => e.data.menu === 'nolabel').length;
    const searches = ofType('search');
    const clicks = ofType('product_click');
    assert.ok(searches.length > nolabelClicks && clicks.length < searches.length, `${nolabelClicks} → ${searches.length} → ${clicks.length}`);
    assert.ok([...searches, ...clicks].every((e) => e.page === '/nolabel'));
    assert.ok(clicks.every((e) => (e.data.unitPrice ?? 1) > 0 && (e.data.unitPrice ?? 0) < 3000 && (e.data.volumeMl ?? 0) > 0));
  });

  it('grants eco points in 10s to members only, with real rejection codes and no more than two credits a day', () => {
    const attempts = ofType('ecopoint');
    assert.ok(attempts.length > 500);
    assert.ok(attempts.every((e) => e.user.userId !== null));
    const ok = attempts.filter((e) => e.data.failCode === null);
    assert.ok(ok.every((e) => e.data.points >= 10 && e.data.points % 10 === 0 && e.data.imageId !== null));
    assert.ok(ok.filter((e) => e.data.service === 2).every((e) => e.data.points <= 50));
    const failed = attempts.filter((e) => e.data.failCode !== null);
    assert.ok(failed.every((e) => e.data.points === 0 && SPEC_FAIL_CODES.includes(e.data.failCode!)), [...new Set(failed.map((e) => e.data.failCode))].join());
    const share = ok.length / attempts.length;
    assert.ok(share > 0.35 && share < 0.7, `success share ${share}`);
    const credits = new Map<string, number>();
    for (const e of ok) {
      const key = `${e.user.userId}|${e.data.service}|${e.time.slice(0, 10)}`;
      credits.set(key, (credits.get(key) ?? 0) + 1);
    }
    assert.ok(Math.max(...credits.values()) <= 2);
    assert.ok(failed.some((e) => e.data.failCode === 'OverCount'), 'heavy users reach the limit');
  });

  it('searches for zero-waste places within 1–20 km around Korean cities', () => {
    const searches = ofType('lesswaste_search');
    assert.ok(searches.length > 300);
    for (const e of searches) {
      assert.ok(e.data.radiusKm >= 1 && e.data.radiusKm <= 20);
      assert.ok(e.data.lat > 33 && e.data.lat < 38.7 && e.data.lng > 126 && e.data.lng < 130, `${e.data.lat},${e.data.lng}`);
    }
    const regions = new Set(searches.map((e) => `${e.data.lat.toFixed(0)},${e.data.lng.toFixed(0)}`));
    assert.ok(regions.size >= 5, 'spread over the country');
  });

  it('uses Korean search words whose popularity differs by gender and age band', () => {
    const share = (words: readonly string[], gender: 'M' | 'W', bands: readonly number[]) => {
      const of = ofType('search').filter((e) => e.user.gender === gender && bands.includes(e.user.ageBand ?? 0));
      return of.filter((e) => words.includes(e.data.word)).length / Math.max(1, of.length);
    };
    const sparkling = ['탄산수', '스파클링', '무라벨 탄산수', '레몬 탄산수'];
    assert.ok(share(sparkling, 'W', [20, 30]) > 1.5 * share(sparkling, 'M', [50, 60]), 'sparkling water: young women');
    const tea = ['보리차', '옥수수수염차', '녹차', '먹는샘물'];
    assert.ok(share(tea, 'M', [50, 60]) > 2 * share(tea, 'W', [20, 30]), 'tea and spring water: older members');
    assert.ok(ofType('search').some((e) => e.data.word === '무라벨 생수'));
  });
});

describe('TrafficGenerator: the end of a visit', () => {
  it('logs members out by button, closed browser, or an expiry reported 30+ minutes after their last event', () => {
    // Few visits at once stretch the simulated clock past the idle limit.
    const planned = take(new TrafficGenerator({ seed: 5, concurrency: 20 }), 12_000);
    const logouts = planned.filter((p) => p.type === 'logout');
    assert.deepEqual(new Set(logouts.map((p) => p.data.method)), new Set(['button', 'browser_closed', 'session_expired']));
    for (const expiry of logouts.filter((p) => p.data.method === 'session_expired')) {
      const last = planned.filter((p) => p.context.sessionId === expiry.context.sessionId && p !== expiry).pop();
      assert.ok(last, 'the expired session had events');
      assert.ok(expiry.at - last.at >= 30 * 60_000, `${expiry.at - last.at} ms idle`);
      assert.equal(expiry.context.user.userId, last.context.user.userId);
    }
  });
});

describe('population', () => {
  const members = new TrafficGenerator({ seed: 42, members: 5000, concurrency: 1 }).members;

  it('has unique ids and all 14 regions, weighted by population', () => {
    assert.equal(new Set(members.map((m) => m.userId)).size, members.length);
    const by = (r: string) => members.filter((m) => m.region === r).length;
    assert.equal(new Set(members.map((m) => m.region)).size, REGION_CODES.length);
    assert.ok(by('gyeonggi') > by('seoul') && by('seoul') > by('busan') && by('busan') > by('jeju') && by('jeju') > by('sejong') * 1.2);
  });

  it('skews to the 20s and 30s with members in every band, and slightly more women', () => {
    const at = new Date('2026-11-25T09:00:00+09:00');
    const count = (band: number) => members.filter((m) => ageBandOf(m.birthDate, at) === band).length;
    for (const band of AGE_BANDS) assert.ok(count(band) > 100, `band ${band}`);
    assert.ok(count(20) > count(40) && count(30) > count(50) && count(50) > count(60));
    const women = members.filter((m) => m.gender === 'W').length / members.length;
    assert.ok(women > 0.5 && women < 0.58, `women ${women}`);
  });
});
