/**
 * What synthetic users type into the no-label search, and how popular each word is per gender × age band:
 * synonyms of the same thing (생수 / 물 / 무라벨 생수 / 라벨프리, 탄산수 / 스파클링) with different audiences,
 * so the rankings on mypage and the dashboards differ visibly between, say, women in their 20s (탄산수,
 * 라벨프리) and members in their 60s (보리차, 먹는샘물).
 */
import type { AgeBand } from '../../../domain/age-band';
import type { EventUser } from '../../../domain/events';
import type { SeededRandom } from './seeded-random';
import type { Gender } from '../../../domain/gender';

/** Product categories the words lead to. */
export type ProductCategory = 'water' | 'sparkling' | 'tea' | 'drink';

/** One search word with its audience. */
export interface SearchWord {
  readonly word: string;
  readonly category: ProductCategory;
  /** Popularity over everyone. */
  readonly base: number;
  /** Multipliers by gender. */
  readonly gender: Readonly<Record<Gender, number>>;
  /** Multipliers by age band, in the order 10, 20, 30, 40, 50, 60. */
  readonly age: readonly [number, number, number, number, number, number];
}

const even = { M: 1, W: 1 } as const;
const women = (w: number) => ({ M: 2 - w, W: w });
const men = (m: number) => ({ M: m, W: 2 - m });

/** The vocabulary. */
export const SEARCH_WORDS: readonly SearchWord[] = [
  { word: '생수', category: 'water', base: 10, gender: even, age: [0.7, 0.9, 1.1, 1.2, 1.2, 1.1] },
  { word: '물', category: 'water', base: 6, gender: even, age: [1.4, 1.1, 0.9, 0.8, 0.8, 0.9] },
  { word: '무라벨 생수', category: 'water', base: 8, gender: women(1.2), age: [0.6, 1.3, 1.3, 1.0, 0.7, 0.5] },
  { word: '무라벨생수', category: 'water', base: 3, gender: women(1.1), age: [0.8, 1.2, 1.2, 1.0, 0.7, 0.5] },
  { word: '라벨프리', category: 'water', base: 3, gender: women(1.4), age: [0.8, 1.7, 1.2, 0.7, 0.4, 0.2] },
  { word: '삼다수', category: 'water', base: 5, gender: even, age: [0.6, 0.8, 1.0, 1.2, 1.3, 1.4] },
  { word: '2L 생수', category: 'water', base: 4, gender: men(1.1), age: [0.2, 0.6, 1.3, 1.5, 1.2, 0.9] },
  { word: '500ml 생수', category: 'water', base: 3, gender: even, age: [1.5, 1.3, 1.0, 0.8, 0.6, 0.5] },
  { word: '먹는샘물', category: 'water', base: 1.5, gender: even, age: [0.3, 0.5, 0.8, 1.2, 1.7, 2.2] },
  { word: '탄산수', category: 'sparkling', base: 7, gender: women(1.3), age: [1.0, 1.5, 1.2, 0.9, 0.6, 0.4] },
  { word: '스파클링', category: 'sparkling', base: 4, gender: women(1.4), age: [0.9, 1.7, 1.2, 0.7, 0.4, 0.2] },
  { word: '무라벨 탄산수', category: 'sparkling', base: 3, gender: women(1.3), age: [0.7, 1.5, 1.3, 0.8, 0.5, 0.3] },
  { word: '레몬 탄산수', category: 'sparkling', base: 2, gender: women(1.5), age: [1.2, 1.6, 1.0, 0.6, 0.4, 0.2] },
  { word: '탄산', category: 'sparkling', base: 2, gender: men(1.3), age: [1.6, 1.3, 0.9, 0.7, 0.5, 0.4] },
  { word: '보리차', category: 'tea', base: 3, gender: even, age: [0.3, 0.5, 0.9, 1.3, 1.8, 2.3] },
  { word: '옥수수수염차', category: 'tea', base: 2, gender: women(1.2), age: [0.3, 0.6, 1.0, 1.3, 1.6, 1.8] },
  { word: '녹차', category: 'tea', base: 1.5, gender: even, age: [0.4, 0.7, 1.0, 1.2, 1.5, 1.8] },
  { word: '제로콜라', category: 'drink', base: 3, gender: men(1.4), age: [2.0, 1.6, 1.0, 0.6, 0.3, 0.1] },
  { word: '이온음료', category: 'drink', base: 2, gender: men(1.5), age: [1.8, 1.4, 1.0, 0.7, 0.5, 0.3] },
  { word: '무라벨 커피', category: 'drink', base: 2, gender: even, age: [0.4, 1.2, 1.5, 1.2, 0.7, 0.3] },
  { word: '두유', category: 'drink', base: 1.5, gender: women(1.3), age: [0.6, 0.7, 1.0, 1.3, 1.4, 1.5] },
];

const BAND_INDEX: Readonly<Record<AgeBand, number>> = { 10: 0, 20: 1, 30: 2, 40: 3, 50: 4, 60: 5 };

/** Popularity of `word` among people like `user` (anonymous visitors: the base popularity). */
export function wordWeight(word: SearchWord, user: Pick<EventUser, 'gender' | 'ageBand'>): number {
  const g = user.gender ? word.gender[user.gender] : 1;
  const a = user.ageBand ? (word.age[BAND_INDEX[user.ageBand]] ?? 1) : 1;
  return word.base * g * a;
}

/** Draws the word `user` searches for. */
export function pickSearchWord(user: Pick<EventUser, 'gender' | 'ageBand'>, rng: SeededRandom): SearchWord {
  return rng.weighted(SEARCH_WORDS, (w) => wordWeight(w, user));
}
