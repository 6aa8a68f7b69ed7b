/**
 * The synthetic training data of a retraining run, drawn by ml/detector/generate_data.py into the model cache
 * (`<cacheDir>/synthetic/seed<seed>-t<train>-v<val>/`, YOLO layout). Every image has its own random stream
 * (seed, split, index), so a folder is the same whenever and wherever it is drawn; it is drawn once into a
 * temporary folder and renamed, so a killed run never leaves half a set that looks complete.
 */
import { access, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { runDetectorScript } from '../images/detector/ml-python';

/** Which synthetic set. */
export interface SyntheticSpec {
  readonly seed: number;
  /** Training images. */
  readonly train: number;
  /** Validation images (mAP during training). */
  readonly val: number;
}

/** Folder of a synthetic set in the cache. */
export function syntheticDirOf(cacheDir: string, spec: SyntheticSpec): string {
  return path.join(cacheDir, 'synthetic', `seed${spec.seed}-t${spec.train}-v${spec.val}`);
}

/** Draws the set unless the cache has it. @returns its folder */
export async function ensureSyntheticSet(cacheDir: string, spec: SyntheticSpec): Promise<string> {
  const dir = syntheticDirOf(cacheDir, spec);
  const complete = path.join(dir, 'dataset.json');
  if (await access(complete).then(() => true, () => false)) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  // Two processes: the images do not depend on how many draw them.
  await runDetectorScript('generate_data.py', ['--out', tmp, '--seed', String(spec.seed), '--train', String(spec.train), '--val', String(spec.val), '--test', '0', '--workers', '2']);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return dir;
}
