/**
 * The `ssd-two-stage` detector: stage 1 is MediaPipe's SSD-MobileNetV2 trained on Open Images V4 (finds
 * Bottle, Mug, Coffee cup …, converted to ONNX by ml/detector/pretrained/build_ssd.py); stage 2 reads each
 * bottle-like box (stage-two.ts, optionally with the PP-OCR text signal) and outputs the project's classes:
 * a bottle with a label → a `plastic` box plus a `label` box on the label band, a label-free bottle → `plastic`,
 * a can → `can`, a mug or cup → nothing countable.
 *
 * The model is a folder: the stage-1 ONNX file (`modelPath`), its metadata JSON (format `ssd-two-stage`, the
 * fields of {@link TwoStageSchema}) and the optional text detector and classifier named there, relative to the
 * JSON.
 *
 * Of {@link DetectOptions}, `confThreshold` (default 0.25) is the calibrated stage-1 confidence a bottle needs to
 * go through stage 2, `maxDetections` caps the output and the image limits apply; the NMS IoU comes from the
 * metadata (`stage1.iouThreshold`), not from the options.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { EcoPointError } from '../../../../domain/errors';
import { type Detection, type DetectionResult, type DetectOptions } from '../detect';
import { type Box } from '../letterbox';
import { nonMaxSuppression, type RawDetection } from '../nms';
import { type DetectorMetadata, type DetectorModel } from '../session';
import { averagePool, classifyCrop, type CropClassifier, parseCropClassifier } from './crop-classifier';
import { type RgbImage, sampleCrop, sampleStretched } from './crop-sampling';
import { OIDV4_ANCHOR_OPTIONS, ssdAnchors } from './ssd-anchors';
import { ssdToRows } from './ssd-decode';
import { BOTTLE_GROUP, calibrateScore, suppressAcrossGroups } from './stage-one';
import { bandBox, decideCrop, measureCrop } from './stage-two';
import { loadTextDetector, type TextDetector } from './text-detector';
import { decodeWorking, type WorkingImage } from './working-image';

const Rules = Type.Object({
  inkSaturation: Type.Number({ minimum: 0, maximum: 1 }),
  inkDarkValue: Type.Number({ minimum: 0, maximum: 1 }),
  inkDistance: Type.Number({ minimum: 0 }),
  textProbability: Type.Number({ minimum: 0, maximum: 1 }),
  inkedRow: Type.Number({ minimum: 0, maximum: 1 }),
  centralWidth: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  minLabelBand: Type.Number({ minimum: 0, maximum: 1 }),
  bandGap: Type.Integer({ minimum: 0 }),
  canMinCoverage: Type.Number({ minimum: 0, maximum: 1 }),
  canMaxAspect: Type.Number({ minimum: 1 }),
});

/** The two-stage fields of the metadata JSON (besides format, version, classes, inputSize). */
export const TwoStageSchema = Type.Object({
  stage1: Type.Object({
    /** Class names of the SSD's outputs (index 0 = background). */
    labels: Type.Array(Type.String(), { minItems: 2 }),
    /** SSD classes that are bottle-like (Bottle). */
    bottleClasses: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 }),
    /** SSD classes that are cup-like (Mug, Coffee cup): found, then never counted. */
    cupClasses: Type.Array(Type.Integer({ minimum: 1 })),
    /** SSD score that counts as sure: mapped to confidence 0.5 (the eco point rule's threshold). */
    acceptScore: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
    /** Candidates below this SSD score are dropped before NMS. */
    minScore: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
    /** NMS IoU threshold within a group, and across the bottle and cup groups. */
    iouThreshold: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  }),
  stage2: Type.Object({
    /** Text detector ONNX file, relative to the metadata JSON; null for colour cues only. */
    textDetector: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    /**
     * Learned classifier JSON (crop-classifier.ts), relative to the metadata JSON: when set, it decides can /
     * plastic and label / no label, and the rules only place the label band; null for the rules alone.
     */
    classifier: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    /** At most this many bottle-like boxes per image go through stage 2 (most confident first). */
    maxCrops: Type.Integer({ minimum: 1 }),
    /** Crop grid: columns across the object, rows along it, surroundings per side; multiples of 32 in total. */
    crop: Type.Object({ across: Type.Integer({ minimum: 8 }), along: Type.Integer({ minimum: 32 }), margin: Type.Integer({ minimum: 1 }) }),
    rules: Rules,
  }),
  /** Longest side of the working copy of the image the crops are read from, pixels. */
  workingSide: Type.Integer({ minimum: 300 }),
});

/** The two-stage fields of the metadata. */
export type TwoStageSettings = Static<typeof TwoStageSchema>;

const CHECK = TypeCompiler.Compile(TwoStageSchema);

/** An object stage 1 found, before stage 2 (for reports and tests). */
export interface StageOneObject {
  /** `bottle` (goes through stage 2) or `cup` (mug, coffee cup: never counted). */
  readonly kind: 'bottle' | 'cup';
  /** Box in pixels of the image as displayed. */
  readonly box: Box;
  /** The SSD's score, 0–1 (not calibrated). */
  readonly score: number;
}

/** A loaded two-stage model: a {@link DetectorModel} that also tells what stage 1 saw. */
export interface TwoStageModel extends DetectorModel {
  /**
   * Stage 1 only: bottle-like and cup-like objects with the SSD's scores ≥ `minScore` (default the model's).
   * @throws EcoPointError `ImgInvalid` / `ImgOverSize` for a refused image, `ModelError` when the model fails
   */
  stageOne(image: Buffer, options?: DetectOptions & { readonly minScore?: number }): Promise<StageOneObject[]>;
}

/** True when `model` is a two-stage model. */
export function isTwoStageModel(model: DetectorModel): model is TwoStageModel {
  return model.metadata.format === 'ssd-two-stage' && typeof (model as Partial<TwoStageModel>).stageOne === 'function';
}

/** What {@link loadTwoStageModel} needs: the checked common metadata and the raw JSON. */
export interface TwoStageLoadInput {
  readonly modelPath: string;
  readonly metadata: DetectorMetadata;
  readonly raw: Readonly<Record<string, unknown>>;
  /** The metadata JSON file: other files are named relative to its folder. */
  readonly metadataFile: string;
  readonly intraOpThreads?: number | undefined;
}

/**
 * Reads and checks the two-stage fields of a metadata JSON.
 * @throws EcoPointError `ModelError` naming the first wrong fields
 */
export function parseTwoStageSettings(raw: Readonly<Record<string, unknown>>, file: string): TwoStageSettings {
  if (CHECK.Check(raw)) return raw;
  const errors = [...CHECK.Errors(raw)].slice(0, 5).map((e) => `${e.path || '/'}: ${e.message}`);
  throw new EcoPointError('ModelError', `Model metadata ${file} is invalid: ${errors.join('; ')}.`, { file, errors });
}

/** Interleaved RGB bytes of `plane` pixels as NCHW planes scaled to −1…1 (the SSD's normalisation). */
function normalisedPlanes(data: Uint8Array | Buffer, plane: number): Float32Array {
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    out[i] = data[i * 3]! / 127.5 - 1;
    out[plane + i] = data[i * 3 + 1]! / 127.5 - 1;
    out[2 * plane + i] = data[i * 3 + 2]! / 127.5 - 1;
  }
  return out;
}

/** The SSD input: the working image stretched to size × size, RGB scaled to −1…1, NCHW. */
async function ssdInput(work: RgbImage, size: number): Promise<Float32Array> {
  const data = await sharp(work.data, { raw: { width: work.width, height: work.height, channels: 3 } })
    .resize(size, size, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  return normalisedPlanes(data, size * size);
}

function scaleBox(b: Box, scale: number, width: number, height: number): Box {
  const clip = (v: number, max: number): number => Math.min(Math.max(v * scale, 0), max);
  return { x1: clip(b.x1, width), y1: clip(b.y1, height), x2: clip(b.x2, width), y2: clip(b.y2, height) };
}

/**
 * Loads the two stages and checks stage 1 with a dry run.
 * @throws EcoPointError `ModelError` when a file is missing, not ONNX, or the metadata is wrong
 */
export async function loadTwoStageModel(input: TwoStageLoadInput): Promise<TwoStageModel> {
  const { modelPath, metadata } = input;
  const settings = parseTwoStageSettings(input.raw, input.metadataFile);
  const { stage1, stage2 } = settings;
  const metadataDir = path.dirname(input.metadataFile);
  const cropWidth = stage2.crop.across + 2 * stage2.crop.margin;
  if (stage2.textDetector !== null && (cropWidth % 32 !== 0 || stage2.crop.along % 32 !== 0)) {
    throw new EcoPointError('ModelError', `Model metadata ${input.metadataFile} is invalid: with a text detector the crop (${cropWidth} × ${stage2.crop.along}) must be a multiple of 32 both ways.`, { modelPath });
  }
  const classIndex = (name: string): number => {
    const i = metadata.classes.indexOf(name);
    if (i < 0) throw new EcoPointError('ModelError', `Two-stage metadata must list the class "${name}".`, { modelPath });
    return i;
  };
  const ids = { plastic: classIndex('plastic'), label: classIndex('label'), can: classIndex('can') };
  const threads = input.intraOpThreads === undefined ? {} : { intraOpNumThreads: input.intraOpThreads };
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'], graphOptimizationLevel: 'all', ...threads });
  } catch (err) {
    throw new EcoPointError('ModelError', `Cannot load the model ${modelPath}.`, { modelPath }, { cause: err });
  }
  let text: TextDetector | undefined;
  try {
    if (stage2.textDetector !== null) text = await loadTextDetector(path.resolve(metadataDir, stage2.textDetector), input.intraOpThreads);
  } catch (err) {
    await session.release();
    throw err;
  }
  let classifier: CropClassifier | undefined;
  if (stage2.classifier !== null) {
    const file = path.resolve(metadataDir, stage2.classifier);
    try {
      classifier = parseCropClassifier(JSON.parse(await readFile(file, 'utf8')), file);
      if (!session.outputNames.includes(classifier.feature)) {
        throw new EcoPointError('ModelError', `Model ${modelPath} has no output "${classifier.feature}" for the stage-2 classifier.`, { modelPath });
      }
    } catch (err) {
      await session.release();
      await text?.release();
      if (err instanceof EcoPointError) throw err;
      throw new EcoPointError('ModelError', `Cannot read the stage-2 classifier ${file}.`, { file }, { cause: err });
    }
  }
  const releaseAll = async (): Promise<void> => {
    await session.release();
    await text?.release();
  };
  const size = metadata.inputSize;
  const anchors = ssdAnchors({ ...OIDV4_ANCHOR_OPTIONS, inputSize: size });
  const labelCount = stage1.labels.length;
  const groups = [stage1.bottleClasses, stage1.cupClasses];
  const [inputName] = session.inputNames;
  const boxesName = session.outputNames.find((n) => /box/i.test(n));
  const scoresName = session.outputNames.find((n) => /class|score/i.test(n));

  async function runSsd(tensor: Float32Array): Promise<{ encodings: Float32Array; logits: Float32Array }> {
    let out: ort.InferenceSession.OnnxValueMapType;
    try {
      out = await session.run({ [inputName!]: new ort.Tensor('float32', tensor, [1, 3, size, size]) }, [boxesName!, scoresName!]);
    } catch (err) {
      throw new EcoPointError('ModelError', 'The detector failed to run.', { modelPath }, { cause: err });
    }
    const encodings = out[boxesName!];
    const logits = out[scoresName!];
    if (encodings?.data.length !== anchors.count * 4 || logits?.data.length !== anchors.count * labelCount) {
      throw new EcoPointError('ModelError', `SSD outputs must be [1, ${anchors.count}, 4] and [1, ${anchors.count}, ${labelCount}].`, { modelPath });
    }
    return { encodings: encodings.data as Float32Array, logits: logits.data as Float32Array };
  }

  try {
    if (inputName === undefined || boxesName === undefined || scoresName === undefined) {
      throw new EcoPointError('ModelError', `Model ${modelPath} lacks the SSD input or its box / class outputs.`, {
        modelPath,
        inputs: session.inputNames,
        outputs: session.outputNames,
      });
    }
    await runSsd(new Float32Array(3 * size * size));
  } catch (err) {
    await releaseAll();
    throw err;
  }

  /** p(can) and p(label) of a bottle box from the backbone's features of its crop. */
  async function classify(work: WorkingImage, box: Box, model: CropClassifier): Promise<{ can: number; label: number }> {
    const crop = sampleStretched(work.image, box, size, model.margin);
    const tensor = new ort.Tensor('float32', normalisedPlanes(crop.data, size * size), [1, 3, size, size]);
    let map: ort.Tensor | undefined;
    try {
      map = (await session.run({ [inputName!]: tensor }, [model.feature]))[model.feature];
    } catch (err) {
      throw new EcoPointError('ModelError', 'The detector failed to run on a crop.', { modelPath }, { cause: err });
    }
    if (!map) throw new EcoPointError('ModelError', `Model output "${model.feature}" is missing.`, { modelPath });
    return classifyCrop(model, averagePool(map.data as Float32Array, model.mean.length));
  }

  /** Stage 1 on the working image: candidates (most confident first) in working-image pixels. */
  async function findCandidates(work: WorkingImage, minScore: number): Promise<RawDetection[]> {
    const { encodings, logits } = await runSsd(await ssdInput(work.image, size));
    const rows = ssdToRows(encodings, logits, labelCount, anchors, groups, work.image.width, work.image.height, minScore);
    const nms = nonMaxSuppression(rows, 5 + groups.length, { confThreshold: minScore, iouThreshold: stage1.iouThreshold });
    return suppressAcrossGroups(nms, stage1.iouThreshold);
  }

  async function stageOne(image: Buffer, options: DetectOptions & { readonly minScore?: number } = {}): Promise<StageOneObject[]> {
    const work = await decodeWorking(image, settings.workingSide, options);
    return (await findCandidates(work, options.minScore ?? stage1.minScore)).map((c) => ({
      kind: c.classId === BOTTLE_GROUP ? 'bottle' : 'cup',
      box: scaleBox(c.box, work.scale, work.width, work.height),
      score: c.confidence,
    }));
  }

  async function detect(image: Buffer, options: DetectOptions = {}): Promise<DetectionResult> {
    const t0 = performance.now();
    const work = await decodeWorking(image, settings.workingSide, options);
    const t1 = performance.now();
    const candidates = await findCandidates(work, stage1.minScore);
    let inferenceMs = performance.now() - t1;
    const minConfidence = options.confThreshold ?? 0.25;
    const detections: Detection[] = [];
    const bottles = candidates
      .filter((c) => c.classId === BOTTLE_GROUP)
      .map((c) => ({ box: c.box, confidence: calibrateScore(c.confidence, stage1.acceptScore) }))
      .filter((c) => c.confidence > minConfidence)
      .slice(0, stage2.maxCrops);
    for (const bottle of bottles) {
      const crop = sampleCrop(work.image, bottle.box, stage2.crop);
      let textProbability: Float32Array | undefined;
      if (text) {
        const ts = performance.now();
        textProbability = await text.textProbability(crop);
        inferenceMs += performance.now() - ts;
      }
      const features = measureCrop(crop, stage2.rules, textProbability);
      const long = Math.max(bottle.box.x2 - bottle.box.x1, bottle.box.y2 - bottle.box.y1);
      const short = Math.max(1e-6, Math.min(bottle.box.x2 - bottle.box.x1, bottle.box.y2 - bottle.box.y1));
      const rules = decideCrop(features, long / short, stage2.rules);
      let kind = rules.kind;
      let labelled = rules.labelled;
      if (classifier) {
        const tc = performance.now();
        const p = await classify(work, bottle.box, classifier);
        inferenceMs += performance.now() - tc;
        kind = p.can >= 0.5 ? 'can' : 'plastic';
        labelled = kind === 'plastic' && p.label >= 0.5;
      }
      const box = scaleBox(bottle.box, work.scale, work.width, work.height);
      const confidence = bottle.confidence;
      if (kind === 'can') {
        detections.push({ box, confidence, classId: ids.can, className: 'can' });
      } else if (kind === 'plastic') {
        detections.push({ box, confidence, classId: ids.plastic, className: 'plastic' });
        if (labelled) {
          // The label's box: the longest ink band, else (a classifier's call on a crop without one) the bottle.
          const found = rules.band ?? features.band;
          const band = found ? bandBox(bottle.box, found, crop.height, crop.transposed) : bottle.box;
          detections.push({ box: scaleBox(band, work.scale, work.width, work.height), confidence, classId: ids.label, className: 'label' });
        }
      }
    }
    detections.sort((a, b) => b.confidence - a.confidence);
    const t3 = performance.now();
    return {
      width: work.width,
      height: work.height,
      detections: detections.slice(0, options.maxDetections ?? 300),
      modelVersion: metadata.version,
      timingsMs: { preprocess: t1 - t0, inference: inferenceMs, postprocess: t3 - t1 - inferenceMs },
    };
  }

  return { modelPath, metadata, detect, stageOne, release: releaseAll };
}

