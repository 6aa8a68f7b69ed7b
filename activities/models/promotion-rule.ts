/**
 * The retraining loop's promotion rule: a candidate replaces the active version only when it is better **on real
 * photos** by a margin, measured on the same held-out photos. With no real held-out photo of a bottle (or too few)
 * there is nothing to judge real-world quality by, so the rule refuses — unless the run explicitly allows a
 * synthetic-only comparison. Pure, so it is tested case by case.
 */
import type { ModelMetrics, SplitMetrics } from './model-record';

/** The figure compared: verdict accuracy (what members feel) or mAP@0.5 (boxes). */
export type PromotionMetric = 'verdictAccuracy' | 'map50';

/** The rule's parameters (the DAG's params). */
export interface PromotionRule {
  readonly metric: PromotionMetric;
  /** Smallest improvement that promotes, in the metric's units (0–1), e.g. 0.02. */
  readonly minGain: number;
  /** Compare on the synthetic test split when there is no real held-out photo (default: refuse). */
  readonly allowSyntheticOnly: boolean;
  /**
   * Real held-out photos with a bottle (ground truth accepted or ModelYesLabel) the real split needs before it may
   * decide (default {@link MIN_REAL_BOTTLE_PHOTOS}): on photos without bottles a model that finds nothing is
   * always right, so such a split alone would promote it.
   */
  readonly minRealBottlePhotos?: number;
}

/** Default of {@link PromotionRule.minRealBottlePhotos}. */
export const MIN_REAL_BOTTLE_PHOTOS = 10;

/** Photos of a split whose ground truth shows a bottle (its verdict is not ModelNoPlastic). */
export function bottlePhotosOf(split: SplitMetrics): number {
  return Object.entries(split.verdict.confusion)
    .filter(([key]) => !key.startsWith('ModelNoPlastic→'))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** What the rule decided, with the figures it compared. */
export interface PromotionDecision {
  readonly promote: boolean;
  readonly reason: string;
  readonly metric: PromotionMetric;
  /** Which split decided (null when none could). */
  readonly basis: 'real' | 'synthetic' | null;
  readonly candidate: number | null;
  readonly current: number | null;
}

/** The reason given when the real held-out split is empty. */
export const NO_REAL_PHOTOS = 'no real held-out photos';

/** The metric's value on a split. */
export function metricOf(split: SplitMetrics, metric: PromotionMetric): number {
  return metric === 'map50' ? split.map50 : split.verdict.accuracy;
}

const fmt = (v: number): string => v.toFixed(3);

function compare(basis: 'real' | 'synthetic', cand: SplitMetrics, cur: SplitMetrics | null, rule: PromotionRule, prefix: string): PromotionDecision {
  const c = metricOf(cand, rule.metric);
  if (!cur) return { promote: true, reason: `${prefix}no active version to compare with (candidate ${rule.metric} ${fmt(c)} on ${basis})`, metric: rule.metric, basis, candidate: c, current: null };
  const k = metricOf(cur, rule.metric);
  if (cur.setHash !== cand.setHash) {
    return { promote: false, reason: `${prefix}the two versions were not measured on the same ${basis} images`, metric: rule.metric, basis, candidate: c, current: k };
  }
  const gain = c - k;
  const promote = gain >= rule.minGain;
  const verdict = promote ? 'better' : 'not better';
  return {
    promote,
    reason: `${prefix}${verdict} on ${basis === 'real' ? 'real photos' : 'the synthetic test split'}: ${rule.metric} ${fmt(c)} vs ${fmt(k)} (${gain >= 0 ? '+' : ''}${fmt(gain)}, needs ≥ +${fmt(rule.minGain)}; ${cand.images} images)`,
    metric: rule.metric,
    basis,
    candidate: c,
    current: k,
  };
}

/**
 * Decides whether `candidate` replaces the active version.
 * @param current - the active version's figures on the same sets, or null when no version is active
 */
export function decidePromotion(candidate: ModelMetrics, current: ModelMetrics | null, rule: PromotionRule): PromotionDecision {
  const needed = rule.minRealBottlePhotos ?? MIN_REAL_BOTTLE_PHOTOS;
  const bottles = candidate.real ? bottlePhotosOf(candidate.real) : 0;
  if (candidate.real && bottles >= needed) return compare('real', candidate.real, current?.real ?? null, rule, '');
  // Real photos without (enough) bottles cannot judge a detector: as if there were none.
  const why = candidate.real ? `${NO_REAL_PHOTOS} of bottles (${bottles} of ${candidate.real.images} real photos show one; ${needed} needed)` : NO_REAL_PHOTOS;
  if (!rule.allowSyntheticOnly || !candidate.synthetic) {
    return { promote: false, reason: why, metric: rule.metric, basis: null, candidate: null, current: null };
  }
  return compare('synthetic', candidate.synthetic, current?.synthetic ?? null, rule, `${why}; synthetic-only comparison allowed: `);
}
