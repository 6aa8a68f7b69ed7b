/**
 * Whether a registered version loads as the inference worker would load it (materialised from GridFS, one
 * dry run of onnxruntime): `ciao model promote` checks it before moving the pointer, so a corrupt or
 * mislabelled bundle is refused at the prompt instead of being logged by every worker.
 */
import type { Db } from 'mongodb';
import { loadDetectorModel } from '../images/detector/session';
import { materialiseModel } from './materialise-model';
import type { ModelRecord } from './model-record';

/**
 * Loads `record` and releases it again.
 * @returns the metadata version the model reports
 * @throws EcoPointError `ModelError` when it does not load; InfraError when its files are missing
 */
export async function checkModelLoads(db: Db, record: ModelRecord, cacheDir: string): Promise<string> {
  const files = await materialiseModel(db, record, cacheDir);
  const model = await loadDetectorModel({ modelPath: files.modelPath, metadataPath: files.metadataPath, intraOpThreads: 1 });
  try {
    return model.metadata.version;
  } finally {
    await model.release();
  }
}
