/**
 * One raw row → one clean product (before de-duplication across shops), or a reject with its reason.
 */
import { checkRawProduct, type RawProduct } from '../raw-product';
import type { CleanProduct } from '../clean-product';
import { classifyProduct } from './category';
import { dedupeKeyOf, productIdOf } from './dedupe-key';
import { hangulFieldsOf } from './hangul-fields';
import { noiseReasonOf, type NoiseReason } from './noise';
import { foldText, normalizeTitle } from './normalize-title';
import { extractPackSize, type PackSizeProblem } from './pack-size';

/** Why a raw row did not become a product. */
export type RejectReason = 'schema' | 'empty_title' | 'bad_price' | NoiseReason | PackSizeProblem;

/** Every reject reason, for counting. */
export const REJECT_REASONS: readonly RejectReason[] = ['schema', 'empty_title', 'bad_price', 'labelled', 'label_choice', 'random_shipping', 'not_a_drink', 'no_volume', 'mixed_pack', 'implausible_pack'];

/** Reasons that are the shop's noise (filtered on purpose), not data problems. */
export const NOISE_REASONS: ReadonlySet<RejectReason> = new Set<RejectReason>(['labelled', 'label_choice', 'random_shipping', 'not_a_drink']);

/** A row the transform refused, as written to `_rejects/`. */
export interface RejectedRow {
  readonly reason: RejectReason;
  /** Human-readable detail (the schema error, the title). */
  readonly detail: string;
  /** The row as read. */
  readonly row: unknown;
}

/** Highest believable price of one listing, won. */
const MAX_PRICE = 10_000_000;

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Transforms one raw row (any value: it is checked against the raw schema first). */
export function transformRow(value: unknown): { ok: true; product: CleanProduct } | { ok: false; reject: RejectedRow } {
  const reject = (reason: RejectReason, detail: string) => ({ ok: false as const, reject: { reason, detail, row: value } });
  const checked = checkRawProduct(value);
  if (!checked.ok) return reject('schema', checked.reason);
  const raw: RawProduct = checked.row;
  const folded = foldText(raw.title);
  if (folded.length === 0) return reject('empty_title', 'the title is empty');
  const noise = noiseReasonOf(folded);
  if (noise) return reject(noise, folded);
  if (raw.price === null || !Number.isInteger(raw.price) || raw.price <= 0 || raw.price > MAX_PRICE) return reject('bad_price', `price ${String(raw.price)} for ${folded}`);
  const { title, brand } = normalizeTitle(raw.title);
  if (title.length === 0) return reject('empty_title', `nothing left of ${folded}`);
  const size = extractPackSize(title);
  if ('problem' in size) return reject(size.problem, title);
  const { volumeMl, quantity } = size;
  const key = dedupeKeyOf(title, volumeMl, quantity);
  const unitPrice = round(raw.price / quantity, 1);
  return {
    ok: true,
    product: {
      id: productIdOf(key, raw.source),
      key,
      title,
      brand,
      ...classifyProduct(title, raw.shopCategory),
      volumeMl,
      quantity,
      totalMl: volumeMl * quantity,
      price: raw.price,
      unitPrice,
      pricePer100ml: round((raw.price / (volumeMl * quantity)) * 100, 2),
      source: raw.source,
      shop: raw.shop,
      link: raw.link,
      imageUrl: raw.imageUrl,
      offers: [{ shop: raw.shop, source: raw.source, shopItemId: raw.shopItemId, price: raw.price, unitPrice, link: raw.link }],
      ...hangulFieldsOf(title),
      crawledAt: raw.crawledAt,
    },
  };
}
