/**
 * The key that finds the same product across shops: the normalised title's words without the pack size,
 * the label-free wording and the shop's generic words, sorted (shops order words differently), then the
 * volume and the quantity (a 6-pack and a 12-pack are different products).
 */
import { createHash } from 'node:crypto';

const PACK_WORDS = /(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:ml|l|cc|개입|개|입|병|ea|pet|본|캔|구|팩|박스|box|세트|묶음|상자)(?![a-z])|(?:^|\s)x(?=\s|\d|$)|\+|총|(?<![\d.])\d+(?![\d.])/gi;
const GENERIC_WORDS = new Set(['무라벨', '라벨프리', '노라벨', '라벨없는', '무라벨생수', 'eco', '에코', '친환경', '생수', '먹는샘물', '샘물', 'label-free', 'nolabel', '제품', '상품']);

/** The sorted distinctive words of a normalised title. */
export function titleWords(title: string): string[] {
  const words = title
    .toLowerCase()
    .replace(PACK_WORDS, ' ')
    .replace(/[()[\]{}<>,/|·:~!-]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0 && !GENERIC_WORDS.has(w));
  return [...new Set(words)].sort();
}

/** The de-duplication key: `words|volumeMl|quantity`. */
export function dedupeKeyOf(title: string, volumeMl: number, quantity: number): string {
  return `${titleWords(title).join(' ')}|${volumeMl}|${quantity}`;
}

/** The stable part of a product id: the first 12 hex digits of the key's SHA-1. */
export function productKeyHash(key: string): string {
  return createHash('sha1').update(key, 'utf8').digest('hex').slice(0, 12);
}

/** A product id: the key hash and the source of the offer kept, e.g. `3fa2b9c01d2e-gm`. */
export function productIdOf(key: string, source: string): string {
  return `${productKeyHash(key)}-${source}`;
}
