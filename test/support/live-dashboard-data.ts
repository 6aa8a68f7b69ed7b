/**
 * Test support for the live dashboard: writes hot-tier aggregates and search rankings into the real Redis in
 * the aggregator's key layout (infra/contracts.ts) for a day no real traffic uses, and removes them after.
 */
import type { Redis } from 'ioredis';
import { AGE_BANDS } from '../../domain/age-band';
import { REGION_CODES } from '../../domain/regions';
import { aggField, aggKey, searchRankKey, searchRankMinuteKey, type RankDimension } from '../../infra/contracts';
import { SeededRandom } from '../../activities/logs/loadgen/seeded-random';

/** Hashes (key → field → count) and sorted sets (key → word → score) to write. */
export interface LiveFixture {
  readonly hashes: Record<string, Record<string, number>>;
  readonly ranks: Record<string, Record<string, number>>;
}

/** A random day of 2006 (`YYYY-MM-DD`): far from any real or loadgen traffic, different on every run. */
export function randomDay2006(): string {
  return new Date(Date.UTC(2006, 0, 1) + Math.floor(Math.random() * 365) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Writes `fixture` (replacing what those keys held) with a one-hour TTL as a safety net.
 * @returns a function deleting the keys (call it from the suite's `after`: an `after` registered inside a
 * `before` hook would run as soon as that hook ends)
 */
export async function writeLiveFixture(redis: Redis, fixture: LiveFixture): Promise<() => Promise<void>> {
  const keys = [...Object.keys(fixture.hashes), ...Object.keys(fixture.ranks)];
  const tx = redis.multi();
  if (keys.length) tx.del(...keys);
  for (const [key, fields] of Object.entries(fixture.hashes)) {
    tx.hset(key, Object.fromEntries(Object.entries(fields).map(([f, n]) => [f, String(n)])));
    tx.expire(key, 3600);
  }
  for (const [key, words] of Object.entries(fixture.ranks)) {
    tx.zadd(key, ...Object.entries(words).flatMap(([word, score]) => [score, word]));
    tx.expire(key, 3600);
  }
  await tx.exec();
  return async () => {
    if (keys.length) await redis.del(...keys);
  };
}

/** A deterministic random stream (the loadgen's {@link SeededRandom}), so a synthetic day is the same for a seed. */
function randomOf(seed: number): () => number {
  const stream = new SeededRandom(seed);
  return () => stream.next();
}

const WORDS = ['생수', '탄산수', '무라벨 생수', '보리차', '제로 사이다', '삼다수', '아이시스', '백산수', '스파클링', '녹차', '물 2L', '라벨프리'];

/**
 * A plausible day of traffic for `date`: per hour, members of every gender × age band × a few regions and
 * anonymous visitors doing each kind of event (a daytime curve), with day totals equal to the hours' sums,
 * day and per-minute search rankings (the minutes of the day's last hour, for "last 60 minutes").
 */
export function syntheticDay(date: string, seed = 7): LiveFixture {
  const rand = randomOf(seed);
  const hashes: Record<string, Record<string, number>> = {};
  const ranks: Record<string, Record<string, number>> = {};
  const add = (table: Record<string, Record<string, number>>, key: string, field: string, n: number): void => {
    if (n <= 0) return;
    const fields = (table[key] ??= {});
    fields[field] = (fields[field] ?? 0) + n;
  };
  const regions = REGION_CODES.slice(0, 9);
  const people: [('M' | 'W') | null, number | null, string | null][] = [[null, null, null]];
  for (const g of ['M', 'W'] as const) for (const a of AGE_BANDS) people.push([g, a, regions[Math.floor(rand() * regions.length)] ?? 'seoul']);
  for (let h = 0; h < 24; h++) {
    const hour = `${date}T${String(h).padStart(2, '0')}`;
    const level = 0.2 + Math.sin((Math.PI * Math.max(0, h - 6)) / 17) ** 2 * 1.6;
    for (const [g, a, r] of people) {
      const n = (base: number): number => Math.round(base * level * (0.5 + rand()));
      const member = g !== null;
      const metrics: [string, number][] = [
        ['page_view', n(member ? 12 : 30)],
        ['menu_click:nolabel', n(member ? 4 : 8)],
        ['menu_click:lesswaste', n(member ? 2 : 4)],
        ['search', n(member ? 5 : 9)],
        ['product_click', n(member ? 2 : 3)],
        ['lesswaste_search:5km', n(member ? 1 : 2)],
      ];
      if (member) {
        const eco1 = n(2);
        const eco2 = n(1);
        metrics.push(
          ['login', n(3)],
          ['logout:button', n(1.5)],
          ['logout:session_expired', n(1)],
          ['logout:browser_closed', n(0.6)],
          ['menu_click:ecopoint1', n(3)],
          ['menu_click:ecopoint2', n(2)],
          ['ecopoint:1', eco1],
          ['ecopoint_fail:1', Math.floor(eco1 / 3)],
          ['points:ecopoint:1', (eco1 - Math.floor(eco1 / 3)) * 10],
          ['ecopoint:2', eco2],
          ['points:ecopoint:2', eco2 * 30],
        );
      }
      for (const [metric, count] of metrics) {
        const field = aggField(metric, g, a, r);
        add(hashes, aggKey('1h', hour), field, count);
        add(hashes, aggKey('1d', date), field, count);
      }
      const searches = n(member ? 5 : 9);
      const dims: RankDimension[] = [{ kind: 'all' }];
      if (g && a) dims.push({ kind: 'gender', gender: g }, { kind: 'age', ageBand: a }, { kind: 'gender_age', gender: g, ageBand: a });
      for (let s = 0; s < searches; s++) {
        const word = WORDS[Math.floor(rand() ** 1.7 * WORDS.length)] ?? '생수';
        for (const dim of dims) {
          add(ranks, searchRankKey(date, dim), word, 1);
          if (h === 23) add(ranks, searchRankMinuteKey(`${hour}:${String(Math.floor(rand() * 60)).padStart(2, '0')}`, dim), word, 1);
        }
      }
    }
  }
  return { hashes, ranks };
}
