/**
 * The end of `detector_retrain`: the candidate's record gets its figures and the decision (once per version:
 * a rerun of the same week finds the decision and changes nothing), the candidate is promoted when the rule
 * said so, and the run gets a note with both versions' scores and the decision.
 */
import type { Db } from 'mongodb';
import { setRunNote } from '../../control/run-notes';
import { InfraError } from '../../domain/errors';
import { type ModelMetrics, registryCollections, type SplitMetrics } from './model-record';
import { promoteModel } from './model-promotion';
import type { PromotionDecision } from './promotion-rule';

/** Both versions' figures on the same sets. */
export interface RetrainEvaluation {
  readonly version: string;
  readonly candidate: ModelMetrics;
  readonly currentVersion: string | null;
  readonly current: ModelMetrics | null;
}

/** Figures as they come back through Temporal (dates as strings) turned back into stored figures. */
export function reviveMetrics(m: ModelMetrics | null): ModelMetrics | null {
  if (!m) return null;
  const split = (s: SplitMetrics | null): SplitMetrics | null => (s ? { ...s, measuredAt: new Date(s.measuredAt) } : null);
  return { synthetic: split(m.synthetic), real: split(m.real) };
}

function describe(m: SplitMetrics | null | undefined): string {
  if (!m) return '—';
  return `mAP@0.5 ${m.map50.toFixed(3)}, verdict accuracy ${m.verdict.accuracy.toFixed(3)} (${m.verdict.correct}/${m.verdict.images})`;
}

/** The run note: the decision, then both versions on real photos and on the synthetic test split. */
export function retrainNote(e: RetrainEvaluation, decision: PromotionDecision, promoted: boolean): string {
  const cur = e.currentVersion ?? '(none active)';
  const realImages = e.candidate.real?.images ?? 0;
  return [
    `candidate ${e.version}: ${promoted ? 'PROMOTED' : 'not promoted'} — ${decision.reason}`,
    realImages
      ? `real held-out (${realImages} photos): candidate ${describe(e.candidate.real)} | current ${cur} ${describe(e.current?.real)}`
      : `real held-out: no real held-out photos (nothing measured)`,
    `synthetic test (${e.candidate.synthetic?.images ?? 0} images): candidate ${describe(e.candidate.synthetic)} | current ${cur} ${describe(e.current?.synthetic)}`,
  ].join('\n');
}

/** What {@link recordRetrainOutcome} did. */
export interface RetrainRecord {
  readonly version: string;
  readonly promoted: boolean;
  readonly reason: string;
  /** False when an earlier run of the same interval had recorded the decision already. */
  readonly recorded: boolean;
  readonly note: string;
}

/**
 * Records the figures and decision on the candidate (first time only), promotes it when decided, notes the run.
 * @throws InfraError `NotFound` when the candidate is not registered
 */
export async function recordRetrainOutcome(db: Db, runId: string, dagId: string, e: RetrainEvaluation, decision: PromotionDecision): Promise<RetrainRecord> {
  const { models } = registryCollections(db);
  const candidate = await models.findOne({ _id: e.version });
  if (!candidate) throw new InfraError('NotFound', `The candidate ${e.version} is not in the registry.`, { version: e.version });
  let recorded = false;
  if (!candidate.retrain) {
    const res = await models.updateOne(
      { _id: e.version, retrain: { $exists: false } },
      {
        $set: {
          metrics: reviveMetrics(e.candidate) ?? { synthetic: null, real: null },
          retrain: { runId, promote: decision.promote, reason: decision.reason, comparedWith: e.currentVersion, comparedMetrics: reviveMetrics(e.current), decidedAt: new Date() },
        },
      },
    );
    recorded = res.modifiedCount === 1;
    if (e.currentVersion && e.current) await models.updateOne({ _id: e.currentVersion }, { $set: { metrics: reviveMetrics(e.current) ?? { synthetic: null, real: null } } });
  }
  const fresh = await models.findOne({ _id: e.version });
  const promote = fresh?.retrain?.promote ?? decision.promote;
  // Promote once: a rerun after an admin rolled the candidate back must not bring it back.
  if (promote && fresh?.promotedAt === null) await promoteModel(db, e.version, { by: `dag:${dagId}`, reason: fresh.retrain?.reason ?? decision.reason });
  const reason = fresh?.retrain?.reason ?? decision.reason;
  const note = retrainNote(e, { ...decision, reason }, promote);
  await setRunNote(db, runId, note, `dag:${dagId}`);
  return { version: e.version, promoted: promote, reason, recorded, note };
}
