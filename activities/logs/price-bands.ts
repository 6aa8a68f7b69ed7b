/**
 * No-label product clicks by price band (SPEC §2 warm dashboard). The daily batch's product-click
 * aggregates go to Kafka, not to `logs_daily`, so the warm tier counts them from the cold tier's raw
 * `product_click` events, in the same pass as the dwell times. Pure.
 */
import { bucketByDims, type DimHistogram } from './dim-histograms';
import type { Gender } from '../../domain/gender';

/** Upper bounds (exclusive, won per bottle / unit) of the price bands; the last band is open-ended. */
export const PRICE_BOUNDS_WON = [500, 1000, 2000, 5000] as const;

/** Korean labels of the bands, then the band of clicks without a unit price. */
export const PRICE_BAND_LABELS = ['500원 미만', '500–1,000원', '1,000–2,000원', '2,000–5,000원', '5,000원 이상', '가격 정보 없음'] as const;

/** Index of the band of a unit price (won); null (no quantity in the listing) → the last band. */
export function priceBandOf(unitPrice: number | null): number {
  if (unitPrice === null) return PRICE_BAND_LABELS.length - 1;
  const i = PRICE_BOUNDS_WON.findIndex((bound) => unitPrice < bound);
  return i === -1 ? PRICE_BOUNDS_WON.length : i;
}

/** One product click's unit price and the clicker's dimensions. */
export interface PriceClick {
  readonly unitPrice: number | null;
  readonly gender: Gender | null;
  readonly ageBand: number | null;
}

/** Clicks per price band per gender × age band (`total` sums the known unit prices, won). */
export function priceClickHistograms(clicks: readonly PriceClick[]): DimHistogram[] {
  return bucketByDims(
    clicks.map((c) => ({ bucket: priceBandOf(c.unitPrice), value: c.unitPrice ?? 0, gender: c.gender, ageBand: c.ageBand })),
    PRICE_BAND_LABELS.length,
  );
}
