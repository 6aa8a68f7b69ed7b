/**
 * The model committed to the repository (`models/detector/`) as the registry's first version.
 *
 * Registered by the inference worker when it starts — the one process that cannot serve without an active
 * version — rather than by `ciao stack init`: a deployment's workers start against whatever MongoDB they are
 * given (a fresh replica set, the test database), while `stack init` only ever runs against the local stack.
 * Idempotent: the version is registered once (by content), and activated only when no version is active, so
 * a promotion or rollback made since is never undone by a restart.
 */
import { readFile, readdir } from 'node:fs/promises';
import type { Db } from 'mongodb';
import { DEFAULT_MODEL_DIR } from '../images/detector/session';
import { DATA_SEED } from '../images/detector/ml-python';
import { DETECTOR_KIND } from './model-record';
import { findActive, promoteModel } from './model-promotion';
import { type BundleOnDisk, registerModel } from './register-model';

/** Main file and metadata of the committed bundle. */
export const COMMITTED_MAIN = 'detector.onnx';
/** Metadata JSON of the committed bundle (its `version` is the registered version). */
export const COMMITTED_METADATA = 'detector.json';

/** The committed bundle: every `.onnx` and `.json` file of `models/detector/` (a bundle may have several). */
export async function committedBundle(dir: string = DEFAULT_MODEL_DIR): Promise<BundleOnDisk> {
  const files = (await readdir(dir)).filter((n) => /\.(onnx|json)$/i.test(n)).sort();
  return { dir, files, main: COMMITTED_MAIN, metadata: COMMITTED_METADATA };
}

/** What {@link ensureCommittedModel} did. */
export interface CommittedModelState {
  readonly version: string;
  /** True when this call registered it. */
  readonly registered: boolean;
  /** True when this call made it active (no version was). */
  readonly activated: boolean;
}

/**
 * Registers the committed model when the registry lacks it and activates it when no version is active.
 * @throws InfraError `Conflict` when its version is registered with other bytes (the committed files changed
 *   without a new version in `detector.json`)
 */
export async function ensureCommittedModel(db: Db, dir: string = DEFAULT_MODEL_DIR): Promise<CommittedModelState> {
  const bundle = await committedBundle(dir);
  const meta = JSON.parse(await readFile(`${dir}/${COMMITTED_METADATA}`, 'utf8')) as { version?: unknown };
  const version = String(meta.version);
  const { created } = await registerModel(db, {
    version,
    kind: DETECTOR_KIND,
    bundle,
    dataSnapshot: {
      description: `synthetic scenes of ml/detector/generate_data.py, seed ${DATA_SEED} (see models/detector/MODEL_CARD.md)`,
      counts: { syntheticTrain: 3000, syntheticVal: 200 },
      hdfsPath: null,
      sha256: null,
    },
    trainingParams: { script: 'ml/detector/train.py', epochs: 8, batch: 16, lr: 2e-3, seed: 0 },
    notes: 'the model committed to the repository (models/detector/)',
  });
  let activated = false;
  if (!(await findActive(db, DETECTOR_KIND))) {
    const res = await promoteModel(db, version, { by: 'system', reason: 'first version: the committed model' }).catch(async (err: unknown) => {
      // Another worker activated a version at the same moment: fine, whichever it was.
      if (await findActive(db, DETECTOR_KIND)) return null;
      throw err;
    });
    activated = res?.changed ?? false;
  }
  return { version, registered: created, activated };
}
