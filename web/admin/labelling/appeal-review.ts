/**
 * Whether an appeal was right: the eco point 1 rule (activities/images/detector/scoring.ts) applied to the
 * boxes an admin confirmed, each counted with confidence 1, against the verdict the model gave. Pure.
 */
import type { GroundTruthBox } from '../../../domain/ground-truth';
import { scoreEcoPoint1 } from '../../../activities/images/detector/scoring';
import type { ShortVerdict } from './sample-doc';

/** The verdict the confirmed boxes imply. */
export function groundTruthVerdict(boxes: readonly GroundTruthBox[]): ShortVerdict {
  const v = scoreEcoPoint1(boxes.map((b) => ({ className: b.className, confidence: 1 })));
  return { accepted: v.accepted, points: v.points, code: v.accepted ? null : v.code };
}

/** True when two verdicts differ in outcome: granted against refused, or refused for another reason. */
export function verdictsDiffer(a: ShortVerdict, b: ShortVerdict): boolean {
  return a.accepted !== b.accepted || (!a.accepted && a.code !== b.code);
}
