/**
 * Eco point 1 scoring rule (SPEC §1), as a pure function of the detections.
 *
 * Only detections with confidence ≥ 0.5 count. No plastic bottle → 0 points, `ModelNoPlastic` ("not plastic");
 * otherwise any label → 0 points, `ModelYesLabel` ("N impurities"); otherwise 10 points per plastic bottle.
 * Cans neither add nor refuse. Pure (no I/O), so workflows may call it.
 */
import { EcoPointError } from '../../../domain/errors';

/** Detections below this confidence are ignored by the rule. */
export const SCORE_MIN_CONFIDENCE = 0.5;
/** Points per label-free plastic bottle. */
export const POINTS_PER_PLASTIC = 10;

/** The part of a detection the rule reads. */
export interface ScoredDetection {
  readonly className: string;
  readonly confidence: number;
}

/** Counts of confident detections per class the rule knows. */
export interface ScoreCounts {
  readonly plastics: number;
  readonly labels: number;
  readonly cans: number;
}

/** The outcome of the rule: points granted, or a refusal code with the message shown to the user. */
export type EcoPoint1Verdict =
  | (ScoreCounts & { readonly accepted: true; readonly points: number })
  | (ScoreCounts & {
      readonly accepted: false;
      readonly points: 0;
      readonly code: 'ModelNoPlastic' | 'ModelYesLabel';
      readonly message: string;
    });

/**
 * Applies the eco point 1 rule to a photo's detections.
 * @param minConfidence - detections below it are ignored (default {@link SCORE_MIN_CONFIDENCE})
 */
export function scoreEcoPoint1(
  detections: readonly ScoredDetection[],
  minConfidence: number = SCORE_MIN_CONFIDENCE,
): EcoPoint1Verdict {
  let plastics = 0;
  let labels = 0;
  let cans = 0;
  for (const d of detections) {
    if (!(d.confidence >= minConfidence)) continue;
    if (d.className === 'plastic') plastics++;
    else if (d.className === 'label') labels++;
    else if (d.className === 'can') cans++;
  }
  const counts = { plastics, labels, cans };
  if (plastics === 0) {
    return { ...counts, accepted: false, points: 0, code: 'ModelNoPlastic', message: 'not plastic' };
  }
  if (labels > 0) {
    return {
      ...counts,
      accepted: false,
      points: 0,
      code: 'ModelYesLabel',
      message: `${labels} ${labels === 1 ? 'impurity' : 'impurities'}`,
    };
  }
  return { ...counts, accepted: true, points: POINTS_PER_PLASTIC * plastics };
}

/** The coded error of a refused verdict (for activities that fail with it), or undefined when accepted. */
export function verdictError(verdict: EcoPoint1Verdict): EcoPointError | undefined {
  if (verdict.accepted) return undefined;
  const { plastics, labels, cans } = verdict;
  return new EcoPointError(verdict.code, verdict.message, { plastics, labels, cans });
}
