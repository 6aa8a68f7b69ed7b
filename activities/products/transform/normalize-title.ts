/**
 * Title normalisation: Unicode NFKC (full-width letters and digits, ㎖ → ml, ℓ → l), one space between words,
 * unit casing (`ml`, `L`), the multiplication signs shops use written as `x`, brand names in their own
 * casing, and shop decorations (`[무료배송]`, `★특가★`, `(본사직영)`) removed.
 */
import { BRANDS, type Brand } from './brands';

/** Bracketed shop decorations that say nothing about the product. */
const DECORATION = /\[[^\]]*\]|【[^】]*】|★[^★]*★|\((?:본사직영|무료배송|당일발송|특가|최저가|공식|정품|행사)[^)]*\)/g;
/** Words shops add that are about the offer, not the product. */
const PROMO_WORDS = /(?:^|\s)(?:무료배송|당일발송|특가|최저가|공식판매|정품|신상|인기|베스트|best|hot|new)(?=\s|$)/gi;

/** Stands for the brand while other spellings are removed. */
const BRAND_SLOT = '\u0001';

interface BrandPattern {
  readonly brand: Brand;
  readonly pattern: RegExp;
  /** The alias's first character, lower case: a title without it cannot match (a cheap pre-check). */
  readonly first: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Each spelling as a regex that allows any spacing between its characters' words, longest first. */
const BRAND_PATTERNS: readonly BrandPattern[] = BRANDS.flatMap((brand) =>
  [brand.name, ...brand.aliases].map((alias) => ({
    brand,
    // Any spacing (or none) between an alias's characters; the alias must not be glued to Latin letters.
    pattern: new RegExp(`(?<![A-Za-z])${[...alias.replace(/\s+/g, '')].map(escapeRegExp).join('\\s*')}(?![A-Za-z])`, 'gi'),
    length: alias.length,
    first: alias.charAt(0).toLowerCase(),
  })),
)
  .sort((a, b) => b.length - a.length)
  .map(({ brand, pattern, first }) => ({ brand, pattern, first }));

/** A normalised title and the brand found in it. */
export interface NormalizedTitle {
  /** The title to show and index. */
  readonly title: string;
  /** Brand display name, or null when no known brand is in the title. */
  readonly brand: string | null;
}

/** Unicode NFKC, the multiplication signs as `x`, and one space between words. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[×✕✖⨯]/g, 'x')
    .replace(/[\u200b\u00a0\u3000]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Writes volume units the same way everywhere: `500ml`, `1.5L`, `2L`. */
function normalizeUnits(text: string): string {
  return text
    .replace(/(\d)\s*(?:ml|mℓ|밀리리터|미리)(?![a-wyz])/gi, '$1ml')
    .replace(/(\d)\s*(?:l|ℓ|리터)(?![a-wyz])/gi, '$1L');
}

/**
 * Normalises a shop's title: NFKC, spacing, unit and brand casing, decorations removed.
 * @example normalizeTitle('[무료배송] evian  에비앙 ５００㎖×24') → { title: 'Evian 500ml x 24', brand: 'Evian' }
 */
export function normalizeTitle(raw: string): NormalizedTitle {
  let text = foldText(raw).replace(DECORATION, ' ').replace(PROMO_WORDS, ' ');
  text = normalizeUnits(text);
  let brand: Brand | null = null;
  const lower = text.toLowerCase();
  for (const { brand: candidate, pattern, first: initial } of BRAND_PATTERNS) {
    if ((brand && candidate !== brand) || !lower.includes(initial)) continue;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) continue;
    // The first spelling found stands for the brand (a placeholder until the end, so shorter spellings of
    // the same brand do not match inside it); every other mention of the brand is dropped.
    let first = !brand;
    text = text.replace(pattern, () => {
      const keep = first;
      first = false;
      return keep ? BRAND_SLOT : ' ';
    });
    brand = candidate;
  }
  if (brand) text = text.replace(BRAND_SLOT, ` ${brand.name} `);
  text = text
    .replace(/(\d(?:ml|L)?|개|입|병|팩)\s*[x*]\s*(?=\d)/gi, '$1 x ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-/|,]+|[\s\-/|,]+$/g, '')
    .trim();
  return { title: text, brand: brand?.name ?? null };
}
