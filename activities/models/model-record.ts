/**
 * The shape of the model registry (MongoDB `models`, `model_active`, `model_promotions`; bytes in GridFS
 * `model_files`). One document per model version; which version serves is the `model_active` pointer of its
 * kind, so promoting is one document update and every worker agrees on it.
 */
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../../infra/contracts';

/** What a model does; the registry keeps one active version per kind. */
export type ModelKind = 'detector';

/** The eco point 1 detector, the only kind today. */
export const DETECTOR_KIND: ModelKind = 'detector';

/** Where a version stands. */
export type ModelStatus = 'candidate' | 'active' | 'retired';

/** How a model judged the eco point 1 verdicts of a split: accepted / ModelYesLabel / ModelNoPlastic vs the ground truth's. */
export interface VerdictFigures {
  /** Share of images whose verdict equals the ground truth's, 0–1. */
  readonly accuracy: number;
  readonly correct: number;
  readonly images: number;
  /** Counts by `truth→predicted` verdict, e.g. `accepted→ModelYesLabel`. */
  readonly confusion: Readonly<Record<string, number>>;
}

/** A model's figures on one split. */
export interface SplitMetrics {
  /** Images measured. */
  readonly images: number;
  /** mAP at IoU 0.5 over the classes present, 0–1. */
  readonly map50: number;
  /** AP at IoU 0.5 per class (null: no box of that class in the split). */
  readonly ap50: Readonly<Record<string, number | null>>;
  readonly verdict: VerdictFigures;
  /** What was measured: split name and where it came from (folder, `training_samples` held-out ids…). */
  readonly source: string;
  /** SHA-256 of the sorted image ids (or file names) measured: two figures with the same one are comparable. */
  readonly setHash: string;
  readonly measuredAt: Date;
}

/** A version's figures: on the synthetic test split and on real held-out photos (null when none were measured or none exist). */
export interface ModelMetrics {
  readonly synthetic: SplitMetrics | null;
  readonly real: SplitMetrics | null;
}

/** One file of a version's bundle. */
export interface ModelFile {
  /** File name inside the bundle (the bundle's files sit in one folder under these names). */
  readonly name: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** What a version was trained on. */
export interface DataSnapshot {
  /** Human description, e.g. `synthetic seed 20240601 (3000 train, 300 val) + 12 confirmed uploads`. */
  readonly description: string;
  /** Images per origin, e.g. `{ syntheticTrain: 3000, syntheticVal: 300, confirmed: 12 }`. */
  readonly counts: Readonly<Record<string, number>>;
  /** HDFS folder of the exported set (null for data that never went through HDFS). */
  readonly hdfsPath: string | null;
  /** SHA-256 over the set's file list and contents (null when unknown). */
  readonly sha256: string | null;
}

/** A model version, as stored in `models` (`_id` = version). */
export interface ModelRecord {
  readonly _id: string;
  readonly version: string;
  readonly kind: ModelKind;
  /** The bundle's format, from its metadata (`yolov5-onnx`, …); loaders dispatch on it. */
  readonly format: string;
  readonly status: ModelStatus;
  readonly files: readonly ModelFile[];
  /** Name of the file onnxruntime loads first (`loadDetectorModel`'s `modelPath`). */
  readonly main: string;
  /** Name of the metadata JSON (`loadDetectorModel`'s `metadataPath`). */
  readonly metadata: string;
  readonly metrics: ModelMetrics;
  readonly dataSnapshot: DataSnapshot | null;
  readonly trainingParams: Readonly<Record<string, unknown>> | null;
  readonly createdAt: Date;
  readonly promotedAt: Date | null;
  readonly retiredAt: Date | null;
  readonly notes: string;
  /** The retraining run that made it, with its decision (absent for versions registered by hand). */
  readonly retrain?: RetrainDecisionRecord;
}

/** What a retraining run decided about its candidate. */
export interface RetrainDecisionRecord {
  readonly runId: string;
  readonly promote: boolean;
  readonly reason: string;
  /** The version the candidate was compared with, and its figures on the same splits. */
  readonly comparedWith: string | null;
  readonly comparedMetrics: ModelMetrics | null;
  readonly decidedAt: Date;
}

/** The active pointer of a kind (`model_active`, `_id` = kind). */
export interface ActiveModelDoc {
  readonly _id: ModelKind;
  readonly version: string;
  /** Versions active before, oldest first: rollback pops the last. */
  readonly history: readonly string[];
  readonly updatedAt: Date;
}

/** One promotion or rollback (`model_promotions`). */
export interface PromotionEvent {
  readonly kind: ModelKind;
  readonly action: 'promote' | 'rollback' | 'initial';
  readonly from: string | null;
  readonly to: string;
  readonly by: string;
  readonly reason: string;
  readonly at: Date;
}

/** The registry's collections. */
export interface RegistryCollections {
  readonly models: Collection<ModelRecord>;
  readonly active: Collection<ActiveModelDoc>;
  readonly promotions: Collection<PromotionEvent>;
}

/** The registry's collections in `db`. */
export function registryCollections(db: Db): RegistryCollections {
  return {
    models: db.collection<ModelRecord>(COLLECTIONS.models),
    active: db.collection<ActiveModelDoc>(COLLECTIONS.modelActive),
    promotions: db.collection<PromotionEvent>(COLLECTIONS.modelPromotions),
  };
}
