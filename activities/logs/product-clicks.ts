/**
 * The daily batch's messages from the aggregator's product-click hashes — pure, so field parsing is
 * unit-tested apart from Redis.
 */
import { productClicksKey, type ProductClicksMessage } from '../../domain/aggregate-messages';
import { productKey } from './plan-batch';
import type { OutgoingMessage } from './publish-tracked';

/** Redis hash of the lowest unit price per field of `agg:product:<day>` (kept by the aggregator, see plan-batch). */
export function productMinPriceKey(day: string): string {
  return `${productKey(day)}:min_unit_price`;
}

const dim = (text: string | undefined): string | null => (text === undefined || text === '' || text === '-' ? null : text);

/**
 * Splits a field `<productId>|<volumeMl>|<gender>|<ageBand>` from the right, so a product id that itself
 * contains `|` stays whole. @returns undefined for a field that does not have the four parts
 */
export function parseProductField(field: string): Pick<ProductClicksMessage, 'productId' | 'volumeMl' | 'gender' | 'ageBand'> | undefined {
  const parts = field.split('|');
  if (parts.length < 4) return undefined;
  const [volume, gender, ageBand] = parts.slice(-3);
  const productId = parts.slice(0, -3).join('|');
  const volumeMl = dim(volume) === null ? null : Number(volume);
  const band = dim(ageBand) === null ? null : Number(ageBand);
  const g = dim(gender);
  if (!productId || (volumeMl !== null && !Number.isInteger(volumeMl)) || (band !== null && !Number.isInteger(band)) || (g !== null && g !== 'M' && g !== 'W')) return undefined;
  return { productId, volumeMl, gender: g, ageBand: band };
}

/**
 * One message per product × volume × gender × age band of `day`, ordered by key.
 * @param counts the `agg:product:<day>` hash
 * @param minPrices the `…:min_unit_price` hash (fields as in `counts`)
 * @param batch which publish this is (`<run id>#<try>`)
 * @returns the messages, and the fields that could not be parsed (left out)
 */
export function productClicksMessages(day: string, counts: Readonly<Record<string, string>>, minPrices: Readonly<Record<string, string>>, batch: string): { messages: ProductClicksMessage[]; skipped: string[] } {
  const messages: ProductClicksMessage[] = [];
  const skipped: string[] = [];
  for (const [field, count] of Object.entries(counts)) {
    const parsed = parseProductField(field);
    const n = Number(count);
    if (!parsed || !Number.isInteger(n) || n < 0) {
      skipped.push(field);
      continue;
    }
    const price = minPrices[field];
    const minUnitPrice = price === undefined || Number.isNaN(Number(price)) ? null : Number(price);
    messages.push({ kind: 'product_clicks', day, ...parsed, count: n, minUnitPrice, batch });
  }
  messages.sort((a, b) => (productClicksKey(a) < productClicksKey(b) ? -1 : 1));
  return { messages, skipped };
}

/** The Kafka message of a product-clicks record: keyed by day and dimensions, so reruns overwrite in a compacted view. */
export function toProductClicksOutgoing(message: ProductClicksMessage): OutgoingMessage {
  return { key: productClicksKey(message), value: JSON.stringify(message), headers: { kind: message.kind, batch: message.batch } };
}
