/**
 * The words the search knows whole: the synonym words (infra/product-synonyms.txt), the brands and their
 * spellings, the categories. The query reader uses them to keep a word's last syllable when it only looks
 * like a particle (제로), and 초성 queries use them to find words no title spells out (ㅌㅅㅅ → 탄산수, a
 * category; ㅅㅅ → 생수 and 석수).
 */
import { getChoseong } from 'es-hangul';
import { CATEGORIES } from '../../activities/products/transform/category';
import { loadProductSynonyms } from '../../infra/product-synonyms';

/** Known words and their 초성. */
export interface Vocabulary {
  /** Whether `word` (lower case) is a known word. */
  readonly known: (word: string) => boolean;
  /** Known Hangul words whose 초성 is exactly `choseong`. */
  readonly byChoseong: (choseong: string) => readonly string[];
}

/** Builds the vocabulary from words (defaults: the shipped synonyms, which include every brand spelling, and the categories). */
export function buildVocabulary(words: Iterable<string> = defaultWords()): Vocabulary {
  const all = new Set<string>();
  const choseong = new Map<string, string[]>();
  for (const raw of words) {
    const word = raw.trim().toLowerCase();
    if (!word || word.includes(' ')) continue;
    all.add(word);
    if (/^[가-힣]+$/.test(word)) {
      const initials = getChoseong(word);
      const list = choseong.get(initials);
      if (list) {
        if (!list.includes(word)) list.push(word);
      } else {
        choseong.set(initials, [word]);
      }
    }
  }
  return { known: (word) => all.has(word), byChoseong: (initials) => choseong.get(initials) ?? [] };
}

function* defaultWords(): Generator<string> {
  yield* CATEGORIES;
  for (const rule of loadProductSynonyms().rules) yield* rule.split(/,|=>/);
}
