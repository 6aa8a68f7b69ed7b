/**
 * Volume and quantity of a listing, read from its normalised title (see normalize-title.ts: units already
 * written `ml` / `L`, multiplication signs `x`). Handles the ways Korean shops write a pack:
 * `2L x 6개`, `500ml x 20병`, `생수 1.5L 12입`, `350ml x 24`, `2L`, `1.5L x 6 + 1.5L x 6`, `500ml 20+4병`,
 * `500ml x 20병 x 2박스`, `2L 6개입 2팩`, `330ml 총 40개`.
 */

/** Why a title's pack size could not be read. */
export type PackSizeProblem = 'no_volume' | 'mixed_pack' | 'implausible_pack';

/** Volume per item and number of items. */
export interface PackSize {
  /** Millilitres per item. */
  readonly volumeMl: number;
  /** Items in the listing (1 when the title gives no count). */
  readonly quantity: number;
}

/** Bounds of a believable listing: a 50 ml shot to a 20 L jug, up to 500 items. */
export const PACK_LIMITS = { minMl: 50, maxMl: 20_000, maxQuantity: 500 } as const;

const NUMBER = String.raw`\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?`;
const ITEM_UNIT = String.raw`개입|개|입|병|ea|pet|본|캔|구`;
const PACK_UNIT = String.raw`팩|박스|box|세트|묶음|상자`;
/** A volume, then any chain of `x N[unit]` multipliers. */
const TERM = new RegExp(String.raw`(?<![\d.])(${NUMBER})\s*(ml|L|cc)(?![a-z])((?:\s*x\s*\d+\s*(?:${ITEM_UNIT}|${PACK_UNIT})?)*)`, 'gi');
const MULTIPLIER = /x\s*(\d+)/gi;
const TOTAL = new RegExp(String.raw`총\s*(\d+)\s*(?:${ITEM_UNIT})`, 'i');
const BONUS = new RegExp(String.raw`(?<![\d.])(\d+)\s*\+\s*(\d+)\s*(?:${ITEM_UNIT})(?![a-z가-힣])`, 'i');
const ITEM_COUNT = new RegExp(String.raw`(?<![\d.])(\d+)\s*(?:${ITEM_UNIT})(?![a-z])`, 'gi');
const PACK_COUNT = new RegExp(String.raw`(?<![\d.])(\d+)\s*(?:${PACK_UNIT})(?![a-z])`, 'gi');
const LOOSE_MULTIPLIER = /(?:^|\s)x\s*(\d+)(?=\s|$)/gi;

function parseNumber(text: string): number {
  return Number(text.replace(/,/g, ''));
}

function toMl(amount: number, unit: string): number {
  return Math.round(unit.toLowerCase() === 'l' ? amount * 1000 : amount);
}

/** Counts written outside the volume terms: items, packs, bonus (`20+4병`), loose `x 2`. */
function countOutsideTerms(rest: string): number | null {
  const total = TOTAL.exec(rest);
  if (total) return Number(total[1]);
  const bonus = BONUS.exec(rest);
  const items = [...rest.matchAll(ITEM_COUNT)].map((m) => Number(m[1]));
  const packs = [...rest.matchAll(PACK_COUNT)].map((m) => Number(m[1]));
  const loose = [...rest.matchAll(LOOSE_MULTIPLIER)].map((m) => Number(m[1]));
  let count: number | null = bonus ? Number(bonus[1]) + Number(bonus[2]) : items.length > 0 ? Math.max(...items) : null;
  for (const factor of [...packs, ...loose]) count = (count ?? 1) * factor;
  return count;
}

/**
 * Reads the pack size from a normalised title.
 * @returns the size, or why it could not be read: no volume, several different volumes, or out of
 *   {@link PACK_LIMITS}
 */
export function extractPackSize(title: string): PackSize | { readonly problem: PackSizeProblem } {
  const terms = [...title.matchAll(TERM)];
  if (terms.length === 0) return { problem: 'no_volume' };
  const volumes = new Set(terms.map((m) => toMl(parseNumber(m[1] ?? ''), m[2] ?? '')));
  if (volumes.size > 1) return { problem: 'mixed_pack' };
  const volumeMl = [...volumes][0] ?? 0;
  const termCounts = terms.map((m) => {
    const factors = [...(m[3] ?? '').matchAll(MULTIPLIER)].map((f) => Number(f[1]));
    return factors.length === 0 ? null : factors.reduce((a, b) => a * b, 1);
  });
  const rest = terms.reduce((text, m) => text.replace(m[0], ' '), title);
  const total = TOTAL.exec(rest);
  let quantity: number;
  if (total) quantity = Number(total[1]);
  else if (termCounts.some((c) => c !== null)) {
    // `1.5L x 6 + 1.5L x 6` is 12; a pack count after the terms (`… 2박스`) multiplies.
    const summed = termCounts.reduce<number>((sum, c) => sum + (c ?? 1), 0);
    const packs = [...rest.matchAll(PACK_COUNT)].map((m) => Number(m[1]));
    quantity = packs.reduce((q, p) => q * p, summed);
  } else {
    quantity = (countOutsideTerms(rest) ?? 1) * (terms.length > 1 ? terms.length : 1);
  }
  if (volumeMl < PACK_LIMITS.minMl || volumeMl > PACK_LIMITS.maxMl || quantity < 1 || quantity > PACK_LIMITS.maxQuantity || !Number.isInteger(quantity)) {
    return { problem: 'implausible_pack' };
  }
  return { volumeMl, quantity };
}
