/**
 * The OpenSearch request of a product search (pure, unit-tested). Each word of the query must match the
 * product in at least one way; the ways are scored with constant weights, so a product's score says how it
 * matched, not how long its title is:
 *
 * | way | field | weight |
 * |---|---|---|
 * | the word or a synonym, whole (물 → 생수, 스파클링 → 탄산수, 에비앙 → Evian) | `title.words`, `brand.words` | 6 |
 * | a category by name or synonym (물 → 생수) | `category.words` | 5 |
 * | nori morphemes (탄산수 in 초정탄산수; particles dropped) | `title` | 4 |
 * | all the word's bigrams (무라벨 parts nori drops) | `title.bigram` | 3.5 |
 * | 초성 inside a title word (ㅅㄷㅅ in ㅈㅈㅅㄷㅅ) | `titleChoseong.ngram` | 4 |
 * | a known word with that 초성 (ㅌㅅㅅ → 탄산수) | as the word itself | 0.9 × |
 * | jamo prefix of a word or of its end (삼ㄷ, 삼다 inside 제주삼다수) — `typos` only | `titleJamo.suffix` | 2 |
 * | jamo within 1–2 edits (삼다스, 트래비) — `typos` only | `titleJamo.suffix` | 1.5 |
 *
 * A word's score is its best way's weight plus {@link TIE_BREAKER} × the others'. A carbonation word
 * (탄산수, 스파클링) also matches any carbonated product, weakly. Volume and quantity from the query, and the
 * page's filters, are filters. Ties go to the lower price per 100 ml, then the id, so the order is stable.
 * With `relaxed`, a product needs to match one word only (product-search.ts adds those after the products
 * that match every word, when these are fewer than a page).
 */
import type { ProductCategory } from '../../activities/products/transform/category';
import { disassemble } from 'es-hangul';
import type { ParsedQuery, QueryWord } from './query-text';
import type { Vocabulary } from './vocabulary';

/** Orders of the result list. */
export const SEARCH_SORTS = ['relevance', 'unit_price', 'volume'] as const;
/** One order. */
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** Volume bands of the filter, in millilitres per item (inclusive bounds). */
export const VOLUME_BANDS = {
  small: { label: '500ml 이하', min: 0, max: 500 },
  medium: { label: '0.5~1.5L', min: 501, max: 1500 },
  large: { label: '1.5L 초과', min: 1501, max: 1_000_000 },
} as const;
/** One volume band. */
export type VolumeBand = keyof typeof VOLUME_BANDS;

/** What 대용량 (1.5 L and more) and 미니 / 소용량 (500 ml and less) mean, per item. */
export const SIZE_WORD_RANGES = { large: { gte: 1500 }, small: { lte: 500 } } as const;

/** The page's filters. */
export interface SearchFilters {
  readonly category?: ProductCategory;
  readonly volume?: VolumeBand;
  readonly carbonated?: boolean;
}

/** Options of {@link buildSearchBody}. */
export interface SearchBodyOptions {
  readonly sort: SearchSort;
  readonly filters: SearchFilters;
  /** Results per page (≤ 30). */
  readonly size: number;
  /** Results skipped. */
  readonly from: number;
  /** Match any word instead of every word. */
  readonly relaxed?: boolean;
  /**
   * Also match by jamo prefix and within 1–2 jamo edits (typos, half-typed words). Costlier (the fuzzy and
   * prefix expansions over every jamo suffix), so product-search.ts asks for it only when the exact ways find
   * nothing.
   */
  readonly typos?: boolean;
}

type Clause = Record<string, unknown>;

const constant = (filter: Clause, boost: number): Clause => ({ constant_score: { filter, boost } });

/** Fuzziness over jamo by the word's jamo length: none up to 3 (one syllable), 1 up to 7, then 2. */
export function jamoFuzziness(jamo: string): number {
  const n = [...jamo].length;
  return n <= 3 ? 0 : n <= 7 ? 1 : 2;
}

/** The ways one (non-초성) word can match, weighted. */
function textWays(text: string, jamo: string, typos: boolean, scale = 1): Clause[] {
  const ways: Clause[] = [
    constant({ match: { 'title.words': { query: text } } }, 6 * scale),
    constant({ match: { 'brand.words': { query: text } } }, 6 * scale),
    constant({ match: { 'category.words': { query: text } } }, 5 * scale),
    constant({ match: { title: { query: text, operator: 'and' } } }, 4 * scale),
    constant({ match: { 'title.bigram': { query: text, operator: 'and' } } }, 3.5 * scale),
  ];
  const length = [...jamo].length;
  if (typos && length >= 4) {
    ways.push(constant({ prefix: { 'titleJamo.suffix': { value: jamo } } }, 2 * scale));
    const fuzziness = jamoFuzziness(jamo);
    if (fuzziness > 0) ways.push(constant({ fuzzy: { 'titleJamo.suffix': { value: jamo, fuzziness, prefix_length: 1, max_expansions: 50 } } }, 1.5 * scale));
  }
  return ways;
}

/**
 * How much of the other ways' weights a word adds to its best way's: a title that has the word itself
 * (matched by nori, bigrams and jamo too) ranks above one found only through a synonym or the category.
 */
export const TIE_BREAKER = 0.3;

/** Words that ask for something carbonated (a cola or a cider is too, not only a 탄산수). */
const CARBONATION_WORDS = new Set(['탄산수', '탄산', '스파클링', 'sparkling', '소다', 'soda', '소다수', '스파클링워터']);

/** One word's clause: the best of its ways (with `typos`, the jamo prefix and fuzzy ways too). */
export function wordClause(word: QueryWord, vocabulary: Vocabulary, typos = true): Clause {
  if (!word.choseong) {
    const ways = textWays(word.text, word.jamo, typos);
    // Typed with the keyboard in English mode: the Hangul it was meant to be, nearly as good.
    if (word.hangul) ways.push(...textWays(word.hangul, disassemble(word.hangul), typos, 0.9));
    if (CARBONATION_WORDS.has(word.text)) ways.push(constant({ term: { carbonated: true } }, 2.5));
    return { dis_max: { queries: ways, tie_breaker: TIE_BREAKER } };
  }
  const ways: Clause[] = [];
  if ([...word.text].length >= 2) ways.push(constant({ term: { 'titleChoseong.ngram': word.text } }, 4));
  // A one-letter 초성 is a word start only (ㅅ → titles with a word starting ㅅ), too broad alone but right as you type.
  ways.push(constant({ prefix: { titleChoseong: word.text } }, 3));
  for (const known of vocabulary.byChoseong(word.text).slice(0, 5)) ways.push(...textWays(known, '', false, 0.9));
  return { dis_max: { queries: ways, tie_breaker: TIE_BREAKER } };
}

/** Filters of the query's pack size and of the page. */
export function filterClauses(query: ParsedQuery, filters: SearchFilters): Clause[] {
  const out: Clause[] = [];
  if (query.volumeMl !== null) out.push({ term: { volumeMl: query.volumeMl } });
  if (query.quantity !== null) out.push({ term: { quantity: query.quantity } });
  if (filters.category) out.push({ term: { category: filters.category } });
  if (filters.volume) out.push({ range: { volumeMl: { gte: VOLUME_BANDS[filters.volume].min, lte: VOLUME_BANDS[filters.volume].max } } });
  // 대용량 / 미니 in the query, unless the page's filter already chose a band.
  if (query.sizeBand && !filters.volume) out.push({ range: { volumeMl: SIZE_WORD_RANGES[query.sizeBand] } });
  if (filters.carbonated !== undefined) out.push({ term: { carbonated: filters.carbonated } });
  return out;
}

/** Sort of each order; every one ends with the id so pages never overlap. */
export function sortClauses(sort: SearchSort): Clause[] {
  switch (sort) {
    case 'unit_price':
      return [{ pricePer100ml: 'asc' }, { _score: 'desc' }, { id: 'asc' }];
    case 'volume':
      return [{ volumeMl: 'desc' }, { _score: 'desc' }, { pricePer100ml: 'asc' }, { id: 'asc' }];
    default:
      return [{ _score: 'desc' }, { pricePer100ml: 'asc' }, { id: 'asc' }];
  }
}

/** The `_source` fields a result card needs. */
export const CARD_FIELDS = ['id', 'title', 'brand', 'category', 'carbonated', 'shop', 'source', 'volumeMl', 'quantity', 'price', 'unitPrice', 'pricePer100ml', 'imageUrl', 'offers.shop'] as const;

/** The search request body. */
export function buildSearchBody(query: ParsedQuery, vocabulary: Vocabulary, options: SearchBodyOptions): Clause {
  const words = query.words.map((w) => wordClause(w, vocabulary, options.typos ?? true));
  const whole: Clause[] = [];
  if (query.words.length > 1) {
    const text = query.words.map((w) => w.text).join(' ');
    // Several words that together are one synonym or brand spelling (coca cola → 코카콜라), or a phrase in order.
    whole.push(constant({ match: { 'title.words': { query: text, operator: 'and' } } }, 3));
    whole.push(constant({ match_phrase: { 'title.bigram': { query: text, slop: 1 } } }, 1));
  }
  const filter = filterClauses(query, options.filters);
  let bool: Clause;
  if (words.length === 0) bool = { must: [{ match_all: {} }], filter };
  else if (options.relaxed) bool = { should: [...words, ...whole], minimum_should_match: 1, filter };
  else bool = { must: words, should: whole, filter };
  return {
    size: options.size,
    from: options.from,
    track_total_hits: true,
    _source: [...CARD_FIELDS],
    query: { bool },
    sort: sortClauses(options.sort),
  };
}
