/**
 * Registering a model version: its files go to GridFS `model_files` (by SHA-256), its record to `models` as a
 * `candidate`. Idempotent: registering the same version with the same files again changes nothing; the same
 * version with other files is refused (a version names one set of bytes forever).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from 'mongodb';
import { InfraError } from '../../domain/errors';
import { putModelFile, sha256Of } from './model-files';
import { type DataSnapshot, type ModelFile, type ModelKind, type ModelMetrics, type ModelRecord, registryCollections } from './model-record';

/** Versions: letters, digits and `._-+`, starting with a letter or digit (they become folder names and log fields). */
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,79}$/;

/** A bundle on disk: a folder and the names of its files. */
export interface BundleOnDisk {
  readonly dir: string;
  /** Every file of the bundle (names inside `dir`), the main and metadata files included. */
  readonly files: readonly string[];
  /** The file onnxruntime loads (`loadDetectorModel`'s `modelPath`). */
  readonly main: string;
  /** The metadata JSON (`loadDetectorModel`'s `metadataPath`); its `version` must be the registered version. */
  readonly metadata: string;
}

/** Input of {@link registerModel}. */
export interface RegisterInput {
  readonly version: string;
  readonly kind: ModelKind;
  readonly bundle: BundleOnDisk;
  readonly metrics?: ModelMetrics;
  readonly dataSnapshot?: DataSnapshot | null;
  readonly trainingParams?: Readonly<Record<string, unknown>> | null;
  readonly notes?: string;
}

/** What {@link registerModel} did. */
export interface RegisterResult {
  readonly record: ModelRecord;
  /** False when the version was registered before (with the same files). */
  readonly created: boolean;
}

function sameFiles(a: readonly ModelFile[], b: readonly ModelFile[]): boolean {
  const key = (fs: readonly ModelFile[]) => fs.map((f) => `${f.name}:${f.sha256}`).sort().join('|');
  return key(a) === key(b);
}

/**
 * Reads the bundle's metadata and checks it names `version` (the version every verdict reports is the
 * metadata's, so the two must agree).
 * @returns the bundle's format (`yolov5-onnx` when the metadata names none)
 */
function checkMetadata(version: string, file: string, bytes: Buffer): string {
  let meta: unknown;
  try {
    meta = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new InfraError('ValidationFailed', `Model metadata ${file} is not JSON.`, { file }, { cause: err });
  }
  const { version: v, format } = (meta ?? {}) as { version?: unknown; format?: unknown };
  if (v !== version) throw new InfraError('ValidationFailed', `Model metadata ${file} names version ${JSON.stringify(v)}, not ${version}: verdicts report the metadata's version, so they must agree.`, { file, version });
  return typeof format === 'string' && format !== '' ? format : 'yolov5-onnx';
}

/**
 * Registers a version (status `candidate`).
 * @throws InfraError `ValidationFailed` for a bad version, a missing file or metadata naming another version;
 *   `Conflict` when the version exists with other files
 */
export async function registerModel(db: Db, input: RegisterInput): Promise<RegisterResult> {
  const { version, bundle } = input;
  if (!VERSION_PATTERN.test(version)) throw new InfraError('ValidationFailed', `Model version ${JSON.stringify(version)} must match ${VERSION_PATTERN}.`, { version });
  for (const name of [bundle.main, bundle.metadata]) {
    if (!bundle.files.includes(name)) throw new InfraError('ValidationFailed', `The bundle's file list lacks ${name}.`, { name });
  }
  if (new Set(bundle.files).size !== bundle.files.length || bundle.files.some((n) => n !== path.basename(n) || n.startsWith('.'))) {
    throw new InfraError('ValidationFailed', 'Bundle file names must be unique plain names (no folders).', { files: bundle.files });
  }
  const contents = new Map<string, Buffer>();
  for (const name of bundle.files) {
    try {
      contents.set(name, await readFile(path.join(bundle.dir, name)));
    } catch (err) {
      throw new InfraError('ValidationFailed', `Cannot read model file ${path.join(bundle.dir, name)}.`, { name }, { cause: err });
    }
  }
  const format = checkMetadata(version, bundle.metadata, contents.get(bundle.metadata) ?? Buffer.alloc(0));
  const { models } = registryCollections(db);
  const files: ModelFile[] = bundle.files.map((name) => {
    const bytes = contents.get(name) ?? Buffer.alloc(0);
    return { name, sha256: sha256Of(bytes), bytes: bytes.length };
  });
  const existing = await models.findOne({ _id: version });
  if (existing) {
    if (!sameFiles(existing.files, files)) throw new InfraError('Conflict', `Model version ${version} is registered with other files.`, { version });
    return { record: existing, created: false };
  }
  // The bytes first, the record after: a record never names a file that is not stored.
  for (const name of bundle.files) await putModelFile(db, name, contents.get(name) ?? Buffer.alloc(0));
  const record: ModelRecord = {
    _id: version,
    version,
    kind: input.kind,
    format,
    status: 'candidate',
    files,
    main: bundle.main,
    metadata: bundle.metadata,
    metrics: input.metrics ?? { synthetic: null, real: null },
    dataSnapshot: input.dataSnapshot ?? null,
    trainingParams: input.trainingParams ?? null,
    createdAt: new Date(),
    promotedAt: null,
    retiredAt: null,
    notes: input.notes ?? '',
  };
  try {
    await models.insertOne(record);
    return { record, created: true };
  } catch (err) {
    // Another process registered it meanwhile: the same files make it the same version.
    const raced = (err as { code?: number }).code === 11000 ? await models.findOne({ _id: version }) : null;
    if (raced && sameFiles(raced.files, files)) return { record: raced, created: false };
    throw err;
  }
}

/** The record of `version`, or null. */
export async function findModel(db: Db, version: string): Promise<ModelRecord | null> {
  return registryCollections(db).models.findOne({ _id: version });
}

/** Every version of `kind`, newest first. */
export async function listModels(db: Db, kind: ModelKind): Promise<ModelRecord[]> {
  return registryCollections(db).models.find({ kind }).sort({ createdAt: -1 }).toArray();
}
