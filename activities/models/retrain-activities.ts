/**
 * The activities of `detector_retrain`. `exportRetrainData`, `trainRetrainCandidate` and
 * `evaluateRetrainCandidate` are CPU work for the `training` task queue (workers/training.ts); the decision and
 * the record are quick and run on `dags`. Each derives the candidate version from the run's logical date
 * ({@link candidateVersionFor}), so every retry and rerun of an interval works on the same version.
 */
import { Context } from '@temporalio/activity';
import type { Config } from '../../infra/config';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import { DEFAULT_DATA_DIR } from '../images/detector/evaluate-split';
import { ensureTestSplit } from '../images/detector/ml-python';
import { evaluateVersion, loadEvalSets } from './evaluate-version';
import type { DataSnapshot } from './model-record';
import { DETECTOR_KIND } from './model-record';
import { findActive } from './model-promotion';
import { decidePromotion, type PromotionDecision, type PromotionMetric } from './promotion-rule';
import { findModel } from './register-model';
import { exportRetrainSet } from './retrain-export';
import { type RetrainEvaluation, type RetrainRecord, recordRetrainOutcome, reviveMetrics } from './retrain-outcome';
import { type TrainOutcome, trainCandidate } from './retrain-train';
import { candidateVersionFor } from './retrain-version';

/** Arguments of `exportRetrainData`. */
export interface ExportArgs {
  readonly syntheticSeed: number;
  readonly syntheticTrain: number;
  readonly syntheticVal: number;
  readonly maxConfirmed: number;
}

/** Output of `exportRetrainData`. */
export type ExportOutput = DataSnapshot & { readonly version: string; readonly hdfsPath: string; readonly sha256: string; readonly reused: boolean };

/** Arguments of `trainRetrainCandidate`. */
export interface TrainArgs {
  readonly exported: ExportOutput;
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
}

/** Arguments of `evaluateRetrainCandidate`. */
export interface EvaluateArgs {
  readonly trained: TrainOutcome;
  /** Synthetic test images measured (the first by name). */
  readonly syntheticImages: number;
  /** Synthetic data folder whose `test/` split is measured (null: ml/detector/data, drawn when missing). */
  readonly syntheticDir: string | null;
}

/** Arguments of `decideRetrainPromotion`. */
export interface DecideArgs {
  readonly evaluated: RetrainEvaluation;
  readonly metric: PromotionMetric;
  readonly minGain: number;
  readonly allowSyntheticOnly: boolean;
  /** Absent in runs started before the param existed: the rule's default. */
  readonly minRealBottlePhotos?: number;
}

/** Builds the retraining activities. */
export function createRetrainActivities(stores: Pick<Stores, 'mongo' | 'hdfs'>, config: Config) {
  const db = stores.mongo.db;
  const cacheDir = config.models.cacheDir;
  const heartbeat = (details: Record<string, unknown>) => {
    try {
      Context.current().heartbeat(details);
    } catch {
      // outside an activity (direct calls in tests): nothing to report to
    }
  };
  /**
   * Runs `fn` with a `beat` that heartbeats and remembers its details; the last details are repeated every
   * 20 s meanwhile (drawing data or compiling prints nothing for minutes).
   */
  const keepBeating = async <T>(fn: (beat: (details: Record<string, unknown>) => void) => Promise<T>): Promise<T> => {
    let last: Record<string, unknown> = { stage: 'starting' };
    const beat = (details: Record<string, unknown>) => {
      last = details;
      heartbeat(details);
    };
    const timer = setInterval(() => heartbeat(last), 20_000);
    try {
      return await fn(beat);
    } finally {
      clearInterval(timer);
    }
  };

  return {
    /** Exports the synthetic set and the confirmed `train` uploads to HDFS in YOLO layout (skipped when the candidate exists). */
    async exportRetrainData(inv: TaskInvocation<ExportArgs>): Promise<ExportOutput> {
      const version = candidateVersionFor(inv.ctx.logicalDate);
      const existing = await findModel(db, version);
      if (existing?.dataSnapshot?.hdfsPath && existing.dataSnapshot.sha256) {
        return { ...existing.dataSnapshot, hdfsPath: existing.dataSnapshot.hdfsPath, sha256: existing.dataSnapshot.sha256, version, reused: true };
      }
      const a = inv.args;
      const snapshot = await keepBeating((beat) => exportRetrainSet({
        db,
        hdfs: stores.hdfs.hdfs,
        cacheDir,
        version,
        synthetic: { seed: a.syntheticSeed, train: a.syntheticTrain, val: a.syntheticVal },
        maxConfirmed: a.maxConfirmed,
        attempt: inv.ctx.tryNumber,
        onProgress: (stage, done, total) => beat({ stage, done, total }),
      }));
      return { ...snapshot, version, reused: false };
    },

    /** Trains the candidate on the exported set (resuming a killed attempt) and registers it. */
    async trainRetrainCandidate(inv: TaskInvocation<TrainArgs>): Promise<TrainOutcome> {
      const { exported, epochs, batch, lr, seed } = inv.args;
      let signal: AbortSignal | undefined;
      try {
        signal = Context.current().cancellationSignal;
      } catch {
        signal = undefined;
      }
      return trainCandidate({ db, hdfs: stores.hdfs.hdfs, cacheDir, version: exported.version, data: exported, params: { epochs, batch, lr, seed }, runId: inv.ctx.runId, heartbeat, ...(signal ? { signal } : {}) });
    },

    /**
     * Measures the candidate and the active version on the same synthetic test images and real held-out photos.
     * A candidate decided by an earlier run of the interval is not measured again: its stored figures are returned.
     */
    async evaluateRetrainCandidate(inv: TaskInvocation<EvaluateArgs>): Promise<RetrainEvaluation> {
      const version = inv.args.trained.version;
      const record = await findModel(db, version);
      if (record?.retrain) return { version, candidate: record.metrics, currentVersion: record.retrain.comparedWith, current: record.retrain.comparedMetrics };
      return keepBeating(async (beat) => {
        const syntheticDir = inv.args.syntheticDir ?? DEFAULT_DATA_DIR;
        if (inv.args.syntheticDir === null) await ensureTestSplit(syntheticDir);
        const sets = await loadEvalSets(db, { syntheticDir, syntheticLimit: inv.args.syntheticImages });
        const onImage = (set: string, done: number, total: number) => {
          if (done % 10 === 0 || done === total) beat({ stage: 'evaluate', set, done, total });
        };
        const active = await findActive(db, DETECTOR_KIND);
        const candidate = await evaluateVersion(db, version, sets, { cacheDir, record: false, onImage });
        const currentVersion = active && active.version !== version ? active.version : null;
        const current = currentVersion ? await evaluateVersion(db, currentVersion, sets, { cacheDir, record: false, onImage }) : null;
        return { version, candidate, currentVersion, current };
      });
    },

    /** Applies the promotion rule (or returns the decision an earlier run of the interval recorded). */
    async decideRetrainPromotion(inv: TaskInvocation<DecideArgs>): Promise<PromotionDecision> {
      const { evaluated, metric, minGain, allowSyntheticOnly, minRealBottlePhotos } = inv.args;
      const record = await findModel(db, evaluated.version);
      if (record?.retrain) return { promote: record.retrain.promote, reason: record.retrain.reason, metric, basis: null, candidate: null, current: null };
      return decidePromotion(reviveMetrics(evaluated.candidate) ?? { synthetic: null, real: null }, reviveMetrics(evaluated.current), { metric, minGain, allowSyntheticOnly, ...(minRealBottlePhotos === undefined ? {} : { minRealBottlePhotos }) });
    },

    /** Records figures and decision on the candidate, promotes it when decided, and writes the run note. */
    async recordRetrainOutcome(inv: TaskInvocation<{ readonly evaluated: RetrainEvaluation; readonly decision: PromotionDecision }>): Promise<RetrainRecord> {
      return recordRetrainOutcome(db, inv.ctx.runId, inv.ctx.dagId, inv.args.evaluated, inv.args.decision);
    },
  };
}

/** The retraining activities, by name. */
export type RetrainActivities = ReturnType<typeof createRetrainActivities>;
