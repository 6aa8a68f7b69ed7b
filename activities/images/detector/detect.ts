/**
 * The detector on one image. {@link detectObjects} runs any loaded model; {@link runYoloV5} is the pipeline of
 * a YOLOv5-layout model: check and decode, letterbox, run the model, NMS, map boxes back.
 */
import { type ImageLimits, prepareForModel } from './decode-image';
import { type Box, boxToOriginal, toInputTensor } from './letterbox';
import { type NmsOptions, nonMaxSuppression } from './nms';
import { type DetectorModel, type YoloV5Model } from './session';

/** One object found in an image. */
export interface Detection {
  /** Box in pixels of the image as displayed (EXIF orientation applied). */
  readonly box: Box;
  /** objectness × class score, 0–1. */
  readonly confidence: number;
  /** Index into the model's classes. */
  readonly classId: number;
  /** Name of the class, e.g. `plastic`. */
  readonly className: string;
}

/** What the detector found in one image. */
export interface DetectionResult {
  /** Width of the image as displayed, pixels. */
  readonly width: number;
  /** Height of the image as displayed, pixels. */
  readonly height: number;
  /** Detections, most confident first. */
  readonly detections: readonly Detection[];
  /** Version of the model that produced them. */
  readonly modelVersion: string;
  /** Milliseconds spent per stage. */
  readonly timingsMs: { readonly preprocess: number; readonly inference: number; readonly postprocess: number };
}

/** Options of {@link detectObjects}: NMS thresholds and input limits. */
export interface DetectOptions extends NmsOptions, ImageLimits {}

// Input tensors (4.9 MB at 640²) are reused instead of allocated per call: fewer large allocations, fewer GC
// pauses in the latency tail. A few are kept, enough for the concurrent requests of one process.
const POOL_LIMIT = 4;
const tensorPool = new Map<number, Float32Array[]>();

function takeTensor(length: number): Float32Array {
  return tensorPool.get(length)?.pop() ?? new Float32Array(length);
}

function giveTensor(t: Float32Array): void {
  const list = tensorPool.get(t.length) ?? [];
  if (list.length < POOL_LIMIT) list.push(t);
  tensorPool.set(t.length, list);
}

/**
 * Finds plastic bottles, labels and cans in an encoded image (JPEG, PNG, WebP, …), with a model of any format.
 * @throws EcoPointError `ImgInvalid` / `ImgOverSize` for a refused image, `ModelError` when the model fails
 */
export function detectObjects(model: DetectorModel, image: Buffer, options: DetectOptions = {}): Promise<DetectionResult> {
  return model.detect(image, options);
}

/**
 * The YOLOv5 pipeline: decode, letterbox, run, per-class NMS, boxes mapped back to the image.
 * @throws EcoPointError `ImgInvalid` / `ImgOverSize` for a refused image, `ModelError` when the model fails
 */
export async function runYoloV5(model: YoloV5Model, image: Buffer, options: DetectOptions = {}): Promise<DetectionResult> {
  const t0 = performance.now();
  const prepared = await prepareForModel(image, model.metadata.inputSize, options);
  const size = prepared.geometry.size;
  const tensor = toInputTensor(prepared.rgb, prepared.geometry, takeTensor(3 * size * size));
  const t1 = performance.now();
  let rows: Float32Array;
  try {
    rows = await model.run(tensor);
  } finally {
    giveTensor(tensor);
  }
  const t2 = performance.now();
  const classes = model.metadata.classes;
  const detections = nonMaxSuppression(rows, model.rowLength, options).map((d) => ({
    box: boxToOriginal(d.box, prepared.geometry),
    confidence: d.confidence,
    classId: d.classId,
    className: classes[d.classId] ?? `class${d.classId}`,
  }));
  const t3 = performance.now();
  return {
    width: prepared.info.width,
    height: prepared.info.height,
    detections,
    modelVersion: model.metadata.version,
    timingsMs: { preprocess: t1 - t0, inference: t2 - t1, postprocess: t3 - t2 },
  };
}
