/**
 * A registered version's files on local disk, where onnxruntime can open them: one folder per bundle under the
 * cache dir, named by a hash of the bundle's (name, SHA-256) list, with every file under its own name (a bundle's
 * metadata may name its other files). Each file is written to a temporary name, checked against its SHA-256 and
 * renamed; the folder counts as complete once its `.complete` marker exists, so a process killed halfway leaves
 * nothing that is taken for a model, and a second call (or process) reuses the folder.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from 'mongodb';
import { readModelFile } from './model-files';
import type { ModelRecord } from './model-record';

/** Where a materialised version lies: what `loadDetectorModel` takes. */
export interface MaterialisedModel {
  readonly version: string;
  readonly dir: string;
  /** The main file (`loadDetectorModel`'s `modelPath`). */
  readonly modelPath: string;
  /** The metadata JSON (`loadDetectorModel`'s `metadataPath`). */
  readonly metadataPath: string;
}

/** Folder name of a bundle: SHA-256 of its sorted `name:sha256` list (first 32 hex digits). */
export function bundleKey(files: ModelRecord['files']): string {
  const list = files.map((f) => `${f.name}:${f.sha256}`).sort().join('\n');
  return createHash('sha256').update(list).digest('hex').slice(0, 32);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Writes the files of `record` under `cacheDir/bundles/<key>/` unless they are there already.
 * @throws InfraError `NotFound` / `Conflict` from GridFS when a file is missing or corrupt
 */
export async function materialiseModel(db: Db, record: Pick<ModelRecord, 'version' | 'files' | 'main' | 'metadata'>, cacheDir: string): Promise<MaterialisedModel> {
  const dir = path.join(cacheDir, 'bundles', bundleKey(record.files));
  const result = { version: record.version, dir, modelPath: path.join(dir, record.main), metadataPath: path.join(dir, record.metadata) };
  const marker = path.join(dir, '.complete');
  if (await exists(marker)) return result;
  await mkdir(dir, { recursive: true });
  for (const file of record.files) {
    const target = path.join(dir, file.name);
    const bytes = await readModelFile(db, file.sha256);
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, target);
    } finally {
      await rm(tmp, { force: true });
    }
  }
  await writeFile(marker, `${record.version}\n`);
  return result;
}
