/**
 * Verdict accuracy of a detector: how often the eco point 1 rule gives the same outcome (accepted /
 * ModelYesLabel / ModelNoPlastic) on the model's detections as on the ground-truth boxes. Pure: no I/O.
 */
import { type GroundTruth } from './mean-ap';
import { type EcoPoint1Verdict, scoreEcoPoint1, type ScoredDetection } from './scoring';

/** The three outcomes of the eco point 1 rule. */
export type VerdictOutcome = 'accepted' | 'ModelYesLabel' | 'ModelNoPlastic';

/** The outcomes, in the order reports print them. */
export const VERDICT_OUTCOMES: readonly VerdictOutcome[] = ['accepted', 'ModelYesLabel', 'ModelNoPlastic'];

/** Verdict accuracy and the confusion matrix (truth → predicted → images). */
export interface VerdictTally {
  /** Share of images whose predicted outcome equals the ground truth's, 0–1 (0 for no images). */
  readonly accuracy: number;
  readonly images: number;
  readonly confusion: Readonly<Record<VerdictOutcome, Readonly<Record<VerdictOutcome, number>>>>;
}

/** The outcome of a verdict. */
export function outcomeOf(verdict: EcoPoint1Verdict): VerdictOutcome {
  return verdict.accepted ? 'accepted' : verdict.code;
}

/** The outcome the rule gives on ground-truth boxes (each counted as a sure detection). */
export function truthOutcome(truths: readonly GroundTruth[], classes: readonly string[]): VerdictOutcome {
  return outcomeOf(scoreEcoPoint1(truths.map((t) => ({ className: classes[t.classId] ?? `class${t.classId}`, confidence: 1 }))));
}

/** The outcome the rule gives on a model's detections (its own threshold applies). */
export function predictedOutcome(detections: readonly ScoredDetection[]): VerdictOutcome {
  return outcomeOf(scoreEcoPoint1(detections));
}

/** Tallies (truth, predicted) outcome pairs, one per image. */
export function tallyVerdicts(pairs: readonly { readonly truth: VerdictOutcome; readonly predicted: VerdictOutcome }[]): VerdictTally {
  const row = (): Record<VerdictOutcome, number> => ({ accepted: 0, ModelYesLabel: 0, ModelNoPlastic: 0 });
  const confusion = { accepted: row(), ModelYesLabel: row(), ModelNoPlastic: row() };
  let right = 0;
  for (const { truth, predicted } of pairs) {
    confusion[truth][predicted]++;
    if (truth === predicted) right++;
  }
  return { accuracy: pairs.length ? right / pairs.length : 0, images: pairs.length, confusion };
}
