/**
 * Verdict accuracy: how often the model's eco point 1 verdict (accepted / ModelYesLabel / ModelNoPlastic) on a
 * photo equals the verdict its ground-truth boxes give under the same rule ({@link scoreEcoPoint1}, every true
 * box counting as certain). What a member feels, where mAP measures boxes. Pure.
 */
import { type ScoredDetection, scoreEcoPoint1 } from '../images/detector/scoring';
import type { VerdictFigures } from './model-record';

/** An eco point 1 verdict without its points: what accuracy compares. */
export type VerdictName = 'accepted' | 'ModelYesLabel' | 'ModelNoPlastic';

/** The verdict of a set of detections (only those with confidence ≥ 0.5 count, as in production). */
export function verdictOf(detections: readonly ScoredDetection[]): VerdictName {
  const v = scoreEcoPoint1(detections);
  return v.accepted ? 'accepted' : v.code;
}

/** The verdict the ground truth gives: its boxes by class name, each certain. */
export function groundTruthVerdict(boxes: readonly { readonly className: string }[]): VerdictName {
  return verdictOf(boxes.map((b) => ({ className: b.className, confidence: 1 })));
}

/**
 * Accuracy and confusion counts over (truth, predicted) pairs.
 * @returns accuracy 0 for an empty list (callers report an empty split as such, not as a figure)
 */
export function verdictFigures(pairs: readonly { readonly truth: VerdictName; readonly predicted: VerdictName }[]): VerdictFigures {
  const confusion: Record<string, number> = {};
  let correct = 0;
  for (const { truth, predicted } of pairs) {
    if (truth === predicted) correct++;
    const key = `${truth}→${predicted}`;
    confusion[key] = (confusion[key] ?? 0) + 1;
  }
  return { accuracy: pairs.length ? correct / pairs.length : 0, correct, images: pairs.length, confusion };
}
