/**
 * Measuring a registered version: materialise its files, load it as the inference worker would, measure it on
 * the synthetic test split and the real held-out split, and (optionally) record the figures on its registry
 * record. Comparisons (the retraining DAG) pass the same sets to both versions.
 */
import path from 'node:path';
import type { Db } from 'mongodb';
import { InfraError } from '../../domain/errors';
import { DEFAULT_DATA_DIR } from '../images/detector/evaluate-split';
import { loadDetectorModel } from '../images/detector/session';
import { type EvalSet, realHeldoutSet, yoloFolderSet } from './eval-sets';
import { materialiseModel } from './materialise-model';
import { measureOnSet } from './measure-model';
import { type ModelMetrics, registryCollections } from './model-record';
import { findModel } from './register-model';

/** The two sets a version is measured on. */
export interface EvalSets {
  readonly synthetic: EvalSet;
  readonly real: EvalSet;
}

/** Options of {@link loadEvalSets}. */
export interface EvalSetOptions {
  /** Synthetic data folder (its `test/` split is used). Default {@link DEFAULT_DATA_DIR}. */
  readonly syntheticDir?: string;
  /** At most this many synthetic test images (the first by name). Default: all. */
  readonly syntheticLimit?: number;
  /** Real photo folder. Default `ml/detector/data/real`. */
  readonly realDir?: string;
}

/** The synthetic test split and the real held-out split as they are now. */
export async function loadEvalSets(db: Db, options: EvalSetOptions = {}): Promise<EvalSets> {
  const syntheticDir = options.syntheticDir ?? DEFAULT_DATA_DIR;
  return {
    synthetic: await yoloFolderSet('synthetic', path.join(syntheticDir, 'test'), 'synthetic test split', options.syntheticLimit),
    real: await realHeldoutSet(db, options.realDir),
  };
}

/** Options of {@link evaluateVersion}. */
export interface EvaluateVersionOptions {
  /** Where versions are materialised (config `models.cacheDir`). */
  readonly cacheDir: string;
  /** Store the figures on the version's record. Default true. */
  readonly record?: boolean;
  /** Progress per image: which set, images done, images in the set. */
  readonly onImage?: (set: EvalSet['name'], done: number, total: number) => void;
  /** onnxruntime threads per run. Default: onnxruntime's choice. */
  readonly intraOpThreads?: number;
}

/**
 * Measures `version` on `sets`.
 * @throws InfraError `NotFound` for an unknown version; EcoPointError `ModelError` when it cannot be loaded
 */
export async function evaluateVersion(db: Db, version: string, sets: EvalSets, options: EvaluateVersionOptions): Promise<ModelMetrics> {
  const record = await findModel(db, version);
  if (!record) throw new InfraError('NotFound', `No model version ${version} in the registry.`, { version });
  const files = await materialiseModel(db, record, options.cacheDir);
  const model = await loadDetectorModel({ modelPath: files.modelPath, metadataPath: files.metadataPath, ...(options.intraOpThreads === undefined ? {} : { intraOpThreads: options.intraOpThreads }) });
  let metrics: ModelMetrics;
  try {
    metrics = {
      synthetic: await measureOnSet(model, sets.synthetic, { onImage: (d, t) => options.onImage?.('synthetic', d, t) }),
      real: await measureOnSet(model, sets.real, { onImage: (d, t) => options.onImage?.('real', d, t) }),
    };
  } finally {
    await model.release();
  }
  if (options.record ?? true) await recordMetrics(db, version, metrics);
  return metrics;
}

/** Stores `metrics` on the record of `version` (a split without images is stored as null: not measured). */
export async function recordMetrics(db: Db, version: string, metrics: ModelMetrics): Promise<void> {
  await registryCollections(db).models.updateOne({ _id: version }, { $set: { metrics } });
}
