/**
 * Loading a detector model into onnxruntime-node.
 *
 * A model is an ONNX file plus an optional metadata JSON beside it (`<name>.json`: format, version, classes,
 * input size). The metadata's `format` selects the kind of model:
 * - `yolov5-onnx` (the default when absent): one ONNX file in the YOLOv5 export layout (input `images` float32
 *   [1, 3, S, S], output `output0` [1, N, 5 + classes]), so a real YOLOv5 export drops in;
 * - `ssd-two-stage`: a general object detector (SSD) and a per-box decision on plastic / can / label
 *   (`two-stage/two-stage-model.ts`; its own fields in the same JSON).
 * Loading checks the model with one dry run, so a wrong file fails at load time, not on a user's photo.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { EcoPointError } from '../../../domain/errors';
import { type DetectionResult, type DetectOptions, runYoloV5 } from './detect';
import { loadTwoStageModel } from './two-stage/two-stage-model';

/** Folder of the committed model. */
export const DEFAULT_MODEL_DIR = path.resolve(__dirname, '..', '..', '..', 'models', 'detector');
/** The committed model. */
export const DEFAULT_MODEL_PATH = path.join(DEFAULT_MODEL_DIR, 'detector.onnx');

/** Kinds of detector model, by the metadata's `format` field. */
export type DetectorFormat = 'yolov5-onnx' | 'ssd-two-stage';

/** The formats {@link loadDetectorModel} knows. */
export const DETECTOR_FORMATS: readonly DetectorFormat[] = ['yolov5-onnx', 'ssd-two-stage'];

/** Metadata of a model, from its JSON sidecar (or YOLOv5 defaults when there is none). */
export interface DetectorMetadata {
  /** Kind of model. Default (field absent) `yolov5-onnx`. */
  readonly format: DetectorFormat;
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

/** A loaded model of any format, ready to detect. */
export interface DetectorModel {
  /** The model file (for `ssd-two-stage`: its stage-1 ONNX file). */
  readonly modelPath: string;
  readonly metadata: DetectorMetadata;
  /**
   * Finds plastic bottles, labels and cans in an encoded image (JPEG, PNG, WebP, …).
   * @throws EcoPointError `ImgInvalid` / `ImgOverSize` for a refused image, `ModelError` when the model fails
   */
  detect(image: Buffer, options?: DetectOptions): Promise<DetectionResult>;
  /** Frees the native sessions; the model must not be used afterwards. */
  release(): Promise<void>;
}

/** A model in the YOLOv5 ONNX export layout: also exposes its raw output (parity tests, benchmarks). */
export interface YoloV5Model extends DetectorModel {
  /** Values per output row: 5 + number of classes. */
  readonly rowLength: number;
  /** Number of output rows (candidate boxes). */
  readonly rowCount: number;
  /**
   * Runs the model on a CHW float32 input of 3 × inputSize × inputSize values; returns the raw rows.
   * @throws EcoPointError `ModelError`
   */
  run(input: Float32Array): Promise<Float32Array>;
}

const YOLO_DEFAULTS: DetectorMetadata = {
  format: 'yolov5-onnx',
  version: 'unknown',
  classes: ['plastic', 'label', 'can'],
  inputSize: 640,
};

/** The metadata as checked, and the whole JSON object (kinds of model read their own further fields). */
interface MetadataFile {
  readonly metadata: DetectorMetadata;
  readonly raw: Readonly<Record<string, unknown>>;
  /** The JSON file, or undefined when YOLOv5 defaults were used. */
  readonly file: string | undefined;
}

function parseMetadata(raw: unknown, file: string): DetectorMetadata {
  const bad = (why: string): EcoPointError =>
    new EcoPointError('ModelError', `Model metadata ${file} is invalid: ${why}.`, { file });
  if (typeof raw !== 'object' || raw === null) throw bad('not an object');
  const { version, classes, inputSize, format = 'yolov5-onnx' } = raw as Record<string, unknown>;
  if (!DETECTOR_FORMATS.includes(format as DetectorFormat)) {
    throw bad(`format must be one of ${DETECTOR_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  if (typeof version !== 'string' || version === '') throw bad('version must be a non-empty string');
  if (!Array.isArray(classes) || classes.length === 0 || !classes.every((c) => typeof c === 'string')) {
    throw bad('classes must be a non-empty list of names');
  }
  // YOLOv5 strides need a multiple of 32; an SSD takes its own fixed size (300 for the OIDv4 one).
  const multiple = format === 'yolov5-onnx' ? 32 : 1;
  if (typeof inputSize !== 'number' || !Number.isInteger(inputSize) || inputSize < 32 || inputSize % multiple !== 0) {
    throw bad(multiple === 32 ? 'inputSize must be a positive multiple of 32' : 'inputSize must be an integer ≥ 32');
  }
  return { format: format as DetectorFormat, version, classes: classes, inputSize };
}

async function readMetadata(modelPath: string, metadataPath: string | undefined): Promise<MetadataFile> {
  const file = metadataPath ?? modelPath.replace(/\.onnx$/i, '') + '.json';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (metadataPath === undefined && (err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { metadata: YOLO_DEFAULTS, raw: {}, file: undefined };
    }
    throw new EcoPointError('ModelError', `Cannot read model metadata ${file}.`, { file }, { cause: err });
  }
  try {
    const raw: unknown = JSON.parse(text);
    const metadata = parseMetadata(raw, file);
    return { metadata, raw: raw as Record<string, unknown>, file };
  } catch (err) {
    if (err instanceof EcoPointError) throw err;
    throw new EcoPointError('ModelError', `Model metadata ${file} is not JSON.`, { file }, { cause: err });
  }
}

/**
 * Loads a detector model of the format its metadata names (`yolov5-onnx` when it names none) and checks it
 * with a dry run.
 * @throws EcoPointError `ModelError` when a file is missing, not ONNX, or not in the expected layout
 */
export async function loadDetectorModel(options: LoadModelOptions = {}): Promise<DetectorModel> {
  const modelPath = path.resolve(options.modelPath ?? DEFAULT_MODEL_PATH);
  const { metadata, raw, file } = await readMetadata(modelPath, options.metadataPath);
  if (metadata.format === 'ssd-two-stage') {
    // A two-stage format can only come from a metadata file, so `file` is set here.
    return loadTwoStageModel({ modelPath, metadata, raw, metadataFile: file ?? modelPath, intraOpThreads: options.intraOpThreads });
  }
  return openYoloV5(modelPath, metadata, options);
}

/**
 * Loads a model that must be in the YOLOv5 layout (parity tests and benchmarks read its raw output).
 * @throws EcoPointError `ModelError` as {@link loadDetectorModel}, and when the metadata names another format
 */
export async function loadYoloV5Model(options: LoadModelOptions = {}): Promise<YoloV5Model> {
  const modelPath = path.resolve(options.modelPath ?? DEFAULT_MODEL_PATH);
  const { metadata } = await readMetadata(modelPath, options.metadataPath);
  if (metadata.format !== 'yolov5-onnx') {
    throw new EcoPointError('ModelError', `Model ${modelPath} is a ${metadata.format} model, not yolov5-onnx.`, { modelPath });
  }
  return openYoloV5(modelPath, metadata, options);
}

/** Opens the ONNX session of a YOLOv5-layout model and checks the layout with a dry run on a blank input. */
async function openYoloV5(modelPath: string, metadata: DetectorMetadata, options: LoadModelOptions): Promise<YoloV5Model> {
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
  const model: YoloV5Model = {
    modelPath,
    metadata,
    rowLength,
    rowCount,
    run,
    detect: (image, detectOptions) => runYoloV5(model, image, detectOptions),
    release: () => session.release(),
  };
  return model;
}
