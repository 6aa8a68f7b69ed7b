/**
 * The synthetic member population: who signed up, with the demographics the service stores (gender, birth
 * date, region) and a few behavioural traits that shape their sessions. Deterministic by seed.
 *
 * The shape is what a Korean eco service sees: more women than men, members mostly in their 20s and 30s with
 * a tail into the 60s, and regions in proportion to their population (경기 and 서울 first, 세종 last).
 */
import { AGE_BANDS, seoulDate, type AgeBand } from '../../../domain/age-band';
import { REGION_CODES, type RegionCode } from '../../../domain/regions';
import { REGION_POPULATION } from './korea-places';
import type { SeededRandom } from './seeded-random';
import type { Gender } from '../../../domain/gender';

/** One synthetic member. */
export interface Member {
  readonly userId: string;
  readonly gender: Gender;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  readonly region: RegionCode;
  /** Relative visit frequency (log-normal around 1: a few heavy users, many occasional ones). */
  readonly activity: number;
  /** 0 … 1: how keen on earning eco points. */
  readonly ecoKeen: number;
}

/** Share of members per gender. */
export const GENDER_SHARE: Readonly<Record<Gender, number>> = { M: 0.46, W: 0.54 };

/** Share of members per age band (international age): young adults first, a tail into 60+. */
export const AGE_BAND_SHARE: Readonly<Record<AgeBand, number>> = { 10: 0.08, 20: 0.31, 30: 0.27, 40: 0.17, 50: 0.11, 60: 0.06 };

/** Ages drawn within each band (inclusive): members sign up from 14; 60+ thins out by 79. */
const AGE_RANGE: Readonly<Record<AgeBand, readonly [number, number]>> = { 10: [14, 19], 20: [20, 29], 30: [30, 39], 40: [40, 49], 50: [50, 59], 60: [60, 79] };

const SURNAMES = ['kim', 'lee', 'park', 'choi', 'jung', 'kang', 'cho', 'yoon', 'jang', 'lim', 'han', 'oh', 'seo', 'shin', 'kwon'];
const GIVEN: Readonly<Record<Gender, readonly string[]>> = {
  M: ['minjun', 'seojun', 'doyun', 'hyunwoo', 'jihoon', 'junho', 'taeyang', 'kyungsoo', 'youngsoo', 'sungmin', 'donghyun', 'jaewon'],
  W: ['minji', 'seoyeon', 'jiwoo', 'haeun', 'sujin', 'yuna', 'eunji', 'dahye', 'yerin', 'soyeon', 'younghee', 'mijung'],
};

/** A birth date (`YYYY-MM-DD`) of someone aged exactly `age` on the Seoul day of `at`. */
export function birthDateForAge(age: number, at: Date, rng: SeededRandom): string {
  const [y, m, d] = seoulDate(at).split('-').map(Number) as [number, number, number];
  // The last birthday fell 0 … 364 days before `at`.
  const lastBirthday = Date.UTC(y - age, m - 1, d) - rng.int(0, 364) * 86_400_000;
  return new Date(lastBirthday).toISOString().slice(0, 10);
}

/**
 * Creates `count` members whose ages are taken on `at` (the start of the run).
 * @param rng a stream used only for the population
 */
export function createPopulation(count: number, at: Date, rng: SeededRandom): Member[] {
  const members: Member[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const gender = rng.chance(GENDER_SHARE.W) ? 'W' : 'M';
    const band = rng.weighted(AGE_BANDS, (b) => AGE_BAND_SHARE[b]);
    const [lo, hi] = AGE_RANGE[band];
    // Within the 60+ band, younger ages are likelier.
    const age = band === 60 ? lo + Math.floor((hi - lo + 1) * rng.next() * rng.next()) : rng.int(lo, hi);
    const birthDate = birthDateForAge(age, at, rng);
    const region = rng.weighted(REGION_CODES, (r) => REGION_POPULATION[r]);
    let userId = `${rng.pick(SURNAMES)}${rng.pick(GIVEN[gender])}${birthDate.slice(2, 4)}`;
    if (used.has(userId)) userId = `${userId}_${i}`;
    used.add(userId);
    members.push({ userId, gender, birthDate, region, activity: Math.min(8, rng.logNormal(1, 0.7)), ecoKeen: rng.next() });
  }
  return members;
}
