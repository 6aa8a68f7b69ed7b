/**
 * Loading the detector model into onnxruntime-node and running it.
 *
 * A model is an ONNX file in the YOLOv5 export layout (input `images` float32 [1, 3, S, S], output `output0`
 * [1, N, 5 + classes]) plus an optional metadata JSON beside it (`<name>.json`: version, classes, input size).
 * Loading checks the layout with one dry run, so a wrong file fails at load time, not on a user's photo.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { EcoPointError } from '../../../domain/errors';

/** Folder of the committed model. */
export const DEFAULT_MODEL_DIR = path.resolve(__dirname, '..', '..', '..', 'models', 'detector');
/** The committed model. */
export const DEFAULT_MODEL_PATH = path.join(DEFAULT_MODEL_DIR, 'detector.onnx');

/** Metadata of a model, from its JSON sidecar (or YOLOv5 defaults when there is none). */
export interface DetectorMetadata {
  /** Version of the weights, e.g. `1.0.0`. */
  readonly version: string;
  /** Class names in output order. */
  readonly classes: readonly string[];
  /** Side of the square input, pixels. */
  readonly inputSize: number;
}

/** Options for {@link loadDetectorModel}. */
export interface LoadModelOptions {
  /** ONNX file. Default: the committed model, {@link DEFAULT_MODEL_PATH}. */
  readonly modelPath?: string;
  /** Metadata JSON. Default: the model path with `.json` instead of `.onnx`, if that file exists. */
  readonly metadataPath?: string;
  /** Threads onnxruntime uses inside one run. Default: onnxruntime's choice (the number of cores). */
  readonly intraOpThreads?: number;
}

/** A loaded model, ready to run. */
export interface DetectorModel {
  readonly modelPath: string;
  readonly metadata: DetectorMetadata;
  /** Values per output row: 5 + number of classes. */
  readonly rowLength: number;
  /** Number of output rows (candidate boxes). */
  readonly rowCount: number;
  /**
   * Runs the model on a CHW float32 input of 3 × inputSize × inputSize values; returns the raw rows.
   * @throws EcoPointError `ModelError`
   */
  run(input: Float32Array): Promise<Float32Array>;
  /** Frees the native session; the model must not be used afterwards. */
  release(): Promise<void>;
}

const YOLO_DEFAULTS: DetectorMetadata = { version: 'unknown', classes: ['plastic', 'label', 'can'], inputSize: 640 };

function parseMetadata(raw: unknown, file: string): DetectorMetadata {
  const bad = (why: string): EcoPointError =>
    new EcoPointError('ModelError', `Model metadata ${file} is invalid: ${why}.`, { file });
  if (typeof raw !== 'object' || raw === null) throw bad('not an object');
  const { version, classes, inputSize } = raw as Record<string, unknown>;
  if (typeof version !== 'string' || version === '') throw bad('version must be a non-empty string');
  if (!Array.isArray(classes) || classes.length === 0 || !classes.every((c) => typeof c === 'string')) {
    throw bad('classes must be a non-empty list of names');
  }
  if (typeof inputSize !== 'number' || !Number.isInteger(inputSize) || inputSize < 32 || inputSize % 32 !== 0) {
    throw bad('inputSize must be a positive multiple of 32');
  }
  return { version, classes: classes, inputSize };
}

async function readMetadata(modelPath: string, metadataPath: string | undefined): Promise<DetectorMetadata> {
  const file = metadataPath ?? modelPath.replace(/\.onnx$/i, '') + '.json';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (metadataPath === undefined && (err as NodeJS.ErrnoException).code === 'ENOENT') return YOLO_DEFAULTS;
    throw new EcoPointError('ModelError', `Cannot read model metadata ${file}.`, { file }, { cause: err });
  }
  try {
    return parseMetadata(JSON.parse(text), file);
  } catch (err) {
    if (err instanceof EcoPointError) throw err;
    throw new EcoPointError('ModelError', `Model metadata ${file} is not JSON.`, { file }, { cause: err });
  }
}

/**
 * Loads a detector model and checks its YOLOv5 layout with a dry run on a blank input.
 * @throws EcoPointError `ModelError` when the file is missing, not ONNX, or not in the expected layout
 */
export async function loadDetectorModel(options: LoadModelOptions = {}): Promise<DetectorModel> {
  const modelPath = path.resolve(options.modelPath ?? DEFAULT_MODEL_PATH);
  const metadata = await readMetadata(modelPath, options.metadataPath);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      ...(options.intraOpThreads === undefined ? {} : { intraOpNumThreads: options.intraOpThreads }),
    });
  } catch (err) {
    throw new EcoPointError('ModelError', `Cannot load the model ${modelPath}.`, { modelPath }, { cause: err });
  }
  const inputName = 'images';
  const outputName = 'output0';
  if (!session.inputNames.includes(inputName) || !session.outputNames.includes(outputName)) {
    await session.release();
    throw new EcoPointError('ModelError', `Model ${modelPath} lacks the YOLOv5 input "images" or output "output0".`, {
      modelPath,
      inputs: session.inputNames,
      outputs: session.outputNames,
    });
  }
  const size = metadata.inputSize;
  const rowLength = 5 + metadata.classes.length;

  async function run(input: Float32Array): Promise<Float32Array> {
    if (input.length !== 3 * size * size) {
      throw new EcoPointError('ModelError', `Model input must have ${3 * size * size} values, got ${input.length}.`);
    }
    let out: ort.Tensor | undefined;
    try {
      const result = await session.run({ [inputName]: new ort.Tensor('float32', input, [1, 3, size, size]) });
      out = result[outputName];
    } catch (err) {
      throw new EcoPointError('ModelError', 'The detector failed to run.', { modelPath }, { cause: err });
    }
    const dims = out?.dims ?? [];
    if (!out || out.type !== 'float32' || dims.length !== 3 || dims[0] !== 1 || dims[2] !== rowLength) {
      throw new EcoPointError('ModelError', `Model output must be float32 [1, N, ${rowLength}], got [${dims.join(', ')}].`, {
        modelPath,
      });
    }
    return out.data as Float32Array;
  }

  let rowCount: number;
  try {
    rowCount = (await run(new Float32Array(3 * size * size))).length / rowLength;
  } catch (err) {
    await session.release();
    throw err;
  }
  return {
    modelPath,
    metadata,
    rowLength,
    rowCount,
    run,
    release: () => session.release(),
  };
}
