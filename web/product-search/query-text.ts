/**
 * What a shopper typed, read the way the product index is written (pure, unit-tested):
 *
 * - NFKC, lower case, one space between words; emoji and punctuation dropped;
 * - the pack size: `2리터`, `2L`, `2l`, `2000ml`, `2000미리`, `1.5리터` → 2000 / 1500 ml; `500` alone → 500 ml;
 *   `24개`, `20입`, `x 24`, `12병` → the quantity. Both become filters, not words;
 * - glued words split where Hangul meets digits or Latin (`삼다수2l` → `삼다수 2l`), a stray syllable joined
 *   back to its word (`탄산 수` → `탄산수`), and the label-free wording every product shares dropped
 *   (`무라벨`, `라벨프리`, `무라벨생수` → `생수`), like shopping filler (`추천`, `최저가`);
 * - particles at the end of a word (`삼다수를`, `탄산수는`, `물이`) removed when what is left is a word;
 * - per word, its jamo (for typo tolerance over jamo) and whether it is only 초성 (`ㅅㄷㅅ`).
 */
import { convertQwertyToHangul, disassemble } from 'es-hangul';

/** One word of the query. */
export interface QueryWord {
  /** The word, lower case. */
  readonly text: string;
  /** Its jamo (`ㅅㅏㅁㄷㅏㅅㅜ`), for fuzzy and prefix matching over jamo. */
  readonly jamo: string;
  /** True when the word is only initial consonants (`ㅅㄷㅅ`). */
  readonly choseong: boolean;
  /**
   * What a Latin word reads as when it was typed with the keyboard in English mode (`tkaektn` → 삼다수), when
   * that is whole Hangul syllables; matched besides the word itself.
   */
  readonly hangul?: string;
}

/** A parsed query. */
export interface ParsedQuery {
  /** The query as the rankings count it: NFKC, lower case, single spaces, ≤ 50 characters ('' when nothing is left). */
  readonly normalized: string;
  /** Words to match, in order. */
  readonly words: readonly QueryWord[];
  /** Millilitres per item the shopper asked for, when the query names a volume. */
  readonly volumeMl: number | null;
  /** Items per pack the shopper asked for, when the query names a count. */
  readonly quantity: number | null;
  /** A size asked for in words: 대용량 (large) or 소용량, 미니 (small). */
  readonly sizeBand: 'small' | 'large' | null;
}

/** Longest normalised query kept for the rankings (the `search` event allows 50). */
export const NORMALIZED_MAX = 50;

/** Words every product of the catalogue has (it is all label-free), and shopping filler. */
const DROPPED_WORDS = new Set([
  '무라벨', '라벨프리', '노라벨', '라벨없는', '라벨', '무라벨제품', '무라벨상품', 'nolabel', 'label-free', 'labelfree', '친환경', '에코', 'eco',
  '추천', '최저가', '싼', '싸게', '저렴한', '저렴', '가격', '특가', '할인', '상품', '제품', '구매', '주문', '판매', '배송', '무료배송', '택배', '정품',
  '묶음', '박스', '세트', '대량', '짜리', '용량', '제일', '가장', '거',
]);
/** Words that ask for a size rather than a product. */
const SIZE_WORDS: Readonly<Record<string, 'small' | 'large'>> = { 대용량: 'large', 큰: 'large', 큰거: 'large', 소용량: 'small', 미니: 'small', 작은: 'small', 작은거: 'small', 휴대용: 'small' };
/** How people ask rather than what they ask for (words ending in 요 are dropped too: 찾아요, 있나요). */
const ASKING_WORDS = new Set(['찾기', '찾는', '파는', '파는곳', '주세요', '싶어', '싶다', '사고', '살래', '어디', '보여줘', '알려줘']);
/** Glued prefixes that say "label-free" (`무라벨생수`). */
const DROPPED_PREFIXES = ['무라벨', '라벨프리', '노라벨'];

/** Particles and endings a word may carry, longest first (and 맛, 짜리: 레몬맛 is 레몬, 2리터짜리 is 2리터). */
const PARTICLES = ['짜리', '맛', '에서는', '으로는', '이랑', '에서', '으로', '하고', '처럼', '보다', '까지', '부터', '이나', '은', '는', '이', '가', '을', '를', '의', '에', '로', '와', '과', '도', '만', '랑'];
/** One-syllable words that stand alone (everything else of one syllable is joined to its neighbour). */
const ONE_SYLLABLE_WORDS = new Set(['물', '차', '티', '빈', '캔', '병']);

const HANGUL_SYLLABLE = /^[가-힣]$/;
const ONLY_CHOSEONG = /^[ㄱ-ㅎ]+$/;

/** A volume with its unit (units written the ways shops and shoppers do). */
const VOLUME = /(?<![\d.])(\d+(?:\.\d+)?)\s*(ml|㎖|밀리리터|미리|밀리|cc|l|ℓ|리터|ltr)(?![a-z])/i;
/** A count of items. */
const QUANTITY = /(?<![\d.])(\d{1,3})\s*(개입|개|입|병|팩|캔|ea|pet|본|구)(?![a-z가-힣])|(?:^|\s)[x*]\s*(\d{1,3})(?!\d)/i;
/** A bare number that can only be millilitres (100–5000). */
const BARE_ML = /(?<![\d.])(\d{3,4})(?![\d.])/;
/** A bare decimal that can only be litres (0.3–2.5: `1.5`, `0.5`; `8.0` is a line name). */
const BARE_L = /(?<![\d.])([0-2]\.\d)(?![\d.])/;

/** Keeps letters (any script), digits, jamo, spaces and the dot of `8.0` / `1.5`. */
function stripSymbols(text: string): string {
  return text.replace(/[^\p{L}\p{N}\s.]/gu, ' ').replace(/(?<!\d)\.|\.(?!\d)/g, ' ');
}

function syllables(word: string): number {
  return [...word].filter((c) => HANGUL_SYLLABLE.test(c)).length;
}

/**
 * Removes a particle from the end of a word when what is left still reads as a word: at least two
 * syllables (or a one-syllable word such as 물), and not a word the catalogue knows whole (`제로` keeps its 로).
 */
export function stripParticle(word: string, known: (word: string) => boolean = () => false): string {
  if (known(word) || !/[가-힣]$/.test(word)) return word;
  // A compound that ends with a known word (코카콜라제로 ends with 제로) keeps it.
  for (let i = 1; i < word.length - 1; i++) if (known(word.slice(i))) return word;
  for (const particle of PARTICLES) {
    if (!word.endsWith(particle) || word.length <= particle.length) continue;
    const stem = word.slice(0, -particle.length);
    if (!/^[가-힣]/.test(stem) && !/[가-힣]$/.test(stem)) continue;
    if (syllables(stem) >= 2 || ONE_SYLLABLE_WORDS.has(stem) || known(stem)) return stem;
  }
  return word;
}

function withoutDroppedPrefix(word: string): string {
  for (const prefix of DROPPED_PREFIXES) {
    if (word.startsWith(prefix) && word.length > prefix.length) return word.slice(prefix.length);
  }
  return word;
}

/** `코카콜라제로` → [`코카콜라`, `제로`] when both halves are known words (each ≥ 2 syllables) and the whole is not. */
export function splitKnownCompound(word: string, known: (word: string) => boolean): string[] {
  if (known(word) || !/^[가-힣]+$/.test(word)) return [word];
  for (let i = 2; i <= word.length - 2; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (known(head) && known(tail)) return [head, tail];
  }
  return [word];
}

/**
 * The Hangul a Latin word was meant to be when typed with the keyboard in English mode (`tkaektn` → 삼다수):
 * only for a word of Latin letters that is not itself known and whose conversion is whole syllables.
 */
export function mistypedHangul(word: string, known: (word: string) => boolean): string | undefined {
  if (!/^[a-z]{2,}$/.test(word) || known(word)) return undefined;
  const hangul = convertQwertyToHangul(word);
  return /^[가-힣]+$/.test(hangul) ? hangul : undefined;
}

/** Litres or millilitres → ml (undefined for an implausible amount). */
function toMl(amount: number, unit: string): number | undefined {
  const ml = /^(l|ℓ|리터|ltr)$/i.test(unit) ? amount * 1000 : amount;
  return ml >= 50 && ml <= 20_000 ? Math.round(ml) : undefined;
}

/** NFKC everywhere but on Hangul compatibility jamo, which NFKC would turn into conjoining jamo (ㅅ → ᄉ). */
function foldWidth(text: string): string {
  return text.replace(/[^\u3131-\u318e]+/g, (run) => run.normalize('NFKC'));
}

/** The query as the rankings count it (see {@link ParsedQuery.normalized}). */
export function normalizeQuery(raw: string): string {
  const folded = foldWidth(raw)
    .replace(/[\p{C}]/gu, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  return [...folded].slice(0, NORMALIZED_MAX).join('').trim();
}

/**
 * Parses a query.
 * @param known whether a word is one the catalogue knows whole (synonym and brand words): such a word
 *   keeps its last syllable even when it looks like a particle
 */
export function parseQuery(raw: string, known: (word: string) => boolean = () => false): ParsedQuery {
  const folded = normalizeQuery(raw);
  // Punctuation or emoji alone is not a search word.
  const normalized = /[\p{L}\p{N}]/u.test(folded) ? folded : '';
  let text = stripSymbols(foldWidth(raw).toLowerCase())
    // Hangul glued to digits or Latin letters is two words (삼다수2l, 2l생수, 트레비lemon).
    .replace(/([가-힣ㄱ-ㅎ])(?=[a-z0-9])/g, '$1 ')
    .replace(/([a-z0-9])(?=[가-힣ㄱ-ㅎ])/g, (m, c: string, offset: number, all: string) => {
      // …but keep a count's unit on its number (24개, 20입, 2리터).
      const rest = all.slice(offset + 1);
      return /^\d$/.test(c) && /^(개입|개|입|병|팩|캔|본|구|리터|미리|밀리)/.test(rest) ? m : `${c} `;
    })
    .replace(/\s+/g, ' ')
    .trim();

  let volumeMl: number | null = null;
  const volume = VOLUME.exec(text);
  if (volume) {
    volumeMl = toMl(Number(volume[1]), volume[2] ?? '') ?? null;
    text = text.replace(volume[0], ' ');
  }
  let quantity: number | null = null;
  const count = QUANTITY.exec(text);
  if (count) {
    const n = Number(count[1] ?? count[3]);
    if (n >= 1 && n <= 500) quantity = n;
    text = text.replace(count[0], ' ');
  }
  if (volumeMl === null) {
    const bare = BARE_ML.exec(text);
    const n = bare ? Number(bare[1]) : 0;
    if (bare && n >= 100 && n <= 5000) {
      volumeMl = n;
      text = text.replace(bare[0], ' ');
    }
  }
  if (volumeMl === null) {
    const litres = BARE_L.exec(text);
    const n = litres ? Number(litres[1]) : 0;
    if (litres && n >= 0.3 && n <= 2.5) {
      volumeMl = Math.round(n * 1000);
      text = text.replace(litres[0], ' ');
    }
  }
  let sizeBand: 'small' | 'large' | null = null;
  // A lone `x` of `2l x 6` is not a word.
  const tokens = text
    .split(' ')
    .filter((w) => w !== '' && w !== 'x' && w !== '*')
    .filter((w) => {
      const band = SIZE_WORDS[w];
      if (band) sizeBand = band;
      return !band;
    })
    .map(withoutDroppedPrefix)
    .filter((w) => !DROPPED_WORDS.has(w))
    .map((w) => stripParticle(w, known))
    .filter((w) => !DROPPED_WORDS.has(w) && !/[가-힣]요$/.test(w) && !ASKING_WORDS.has(w));

  // A glued compound of two known words is two words (코카콜라제로 → 코카콜라 제로).
  const split = tokens.flatMap((w) => splitKnownCompound(w, known));

  // A stray Hangul syllable belongs to the word before it (`탄산 수`, `제주 삼다 수`).
  const joined: string[] = [];
  for (const word of split) {
    const previous = joined[joined.length - 1];
    if (previous !== undefined && HANGUL_SYLLABLE.test(word) && !ONE_SYLLABLE_WORDS.has(word) && /[가-힣]$/.test(previous)) {
      joined[joined.length - 1] = previous + word;
    } else {
      joined.push(word);
    }
  }
  const words = [...new Set(joined)].map((w): QueryWord => {
    const hangul = mistypedHangul(w, known);
    return { text: w, jamo: disassemble(w), choseong: ONLY_CHOSEONG.test(w), ...(hangul ? { hangul } : {}) };
  });
  return { normalized, words, volumeMl, quantity, sizeBand };
}
