/**
 * Verdict accuracy as the registry records it: the detector's outcome rule (activities/images/detector/
 * verdict-accuracy.ts: accepted / ModelYesLabel / ModelNoPlastic on a model's detections against the ground
 * truth's, every true box counting as certain) with the confusion flattened to `truth→predicted` keys for
 * MongoDB. Pure.
 */
import { outcomeOf, tallyVerdicts, VERDICT_OUTCOMES, type VerdictOutcome } from '../images/detector/verdict-accuracy';
import { scoreEcoPoint1 } from '../images/detector/scoring';
import type { VerdictFigures } from './model-record';

/** The verdict the ground truth gives: its boxes by class name, each certain. */
export function groundTruthVerdict(boxes: readonly { readonly className: string }[]): VerdictOutcome {
  return outcomeOf(scoreEcoPoint1(boxes.map((b) => ({ className: b.className, confidence: 1 }))));
}

/**
 * Accuracy and confusion counts over (truth, predicted) pairs.
 * @returns accuracy 0 for an empty list (callers report an empty split as such, not as a figure)
 */
export function verdictFigures(pairs: readonly { readonly truth: VerdictOutcome; readonly predicted: VerdictOutcome }[]): VerdictFigures {
  const tally = tallyVerdicts(pairs);
  const confusion: Record<string, number> = {};
  let correct = 0;
  for (const truth of VERDICT_OUTCOMES) {
    for (const predicted of VERDICT_OUTCOMES) {
      const n = tally.confusion[truth][predicted];
      if (n > 0) confusion[`${truth}→${predicted}`] = n;
      if (truth === predicted) correct += n;
    }
  }
  return { accuracy: tally.accuracy, correct, images: tally.images, confusion };
}
