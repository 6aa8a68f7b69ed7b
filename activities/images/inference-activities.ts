/**
 * The activities of the `inference` task queue: the eco-point models, served by their own worker
 * (workers/inference.ts) that loads the detector once into a {@link DetectorSlot}.
 * - `detectBottles`: the detector on the raw upload, the eco point 1 rule, and the annotated image (at most
 *   1600 px; the detections in the training sample stay in the raw image's pixels) written to GridFS
 *   `detections` under the upload's id (EXIF-free: sharp writes no metadata unless asked);
 * - `readReceipt`: Tesseract (Korean) on the cleaned-up receipt and the 무라벨 matching of eco point 2.
 * Both read the upload from GridFS by id, so only ids travel through Temporal, and both may be retried.
 */
import type { Db } from 'mongodb';
import sharp from 'sharp';
import { sha256Hex } from '../ecopoints/image-hashes';
import { findNoLabelLines, normaliseOcrLine, receiptPoints } from '../ecopoints/receipt-words';
import { ocrReceipt, type OcrOptions } from '../ecopoints/receipt-ocr';
import { findImage, putImage, readDecodableUpload } from '../ecopoints/upload-records';
import { previewMetadataOf } from '../ecopoints/upload-preview';
import { annotateImage } from './detector/annotate';
import { detectObjects } from './detector/detect';
import type { DetectorSlot } from './detector/model-slot';
import { scoreEcoPoint1 } from './detector/scoring';

/** What the detector decided on a photo. */
export interface BottleFindings {
  readonly modelVersion: string;
  readonly detections: { readonly className: string; readonly confidence: number; readonly box: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number } }[];
  readonly plastics: number;
  readonly labels: number;
  readonly cans: number;
  /** Points by the eco point 1 rule (0 when refused). */
  readonly points: number;
  /** The rule's refusal, or null when accepted. */
  readonly code: 'ModelNoPlastic' | 'ModelYesLabel' | null;
  readonly annotated: boolean;
}

/** What OCR read on a receipt. */
export interface ReceiptFindings {
  readonly modelVersion: string;
  readonly text: string;
  readonly matchedLines: string[];
  readonly points: number;
  /** SHA-256 of the normalised text (every line, spaces and punctuation removed): the receipt's duplicate key. */
  readonly textSha256: string;
}

/** What the inference activities need. */
export interface InferenceDeps {
  readonly db: Db;
  readonly slot: DetectorSlot;
  readonly ocr?: OcrOptions;
}

/** Version label of the OCR "model" in training samples. */
export const OCR_MODEL_VERSION = 'tesseract-kor';

/** Longest side of the annotated copy people see, pixels (a 12 MP photo would cost a second to draw and encode). */
export const ANNOTATED_MAX_SIDE = 1600;

/** The annotated copy: the upright image scaled to {@link ANNOTATED_MAX_SIDE} with the boxes scaled along. */
async function annotateForPeople(raw: Buffer, result: Awaited<ReturnType<typeof detectObjects>>): Promise<Buffer> {
  const scale = Math.min(1, ANNOTATED_MAX_SIDE / Math.max(result.width, result.height));
  if (scale === 1) return annotateImage(raw, result.detections, { quality: 85 });
  const small = await sharp(raw, { limitInputPixels: 40_000_000 }).autoOrient().resize(Math.round(result.width * scale), Math.round(result.height * scale), { fit: 'fill' }).jpeg({ quality: 92 }).toBuffer();
  const scaled = result.detections.map((d) => ({ ...d, box: { x1: d.box.x1 * scale, y1: d.box.y1 * scale, x2: d.box.x2 * scale, y2: d.box.y2 * scale } }));
  return annotateImage(small, scaled, { quality: 85 });
}

/** Builds the activities of the `inference` task queue. */
export function createInferenceActivities(deps: InferenceDeps) {
  return {
    /** Runs the detector on upload `uploadId`, stores the annotated image, applies the eco point 1 rule. */
    async detectBottles(input: { readonly uploadId: string }): Promise<BottleFindings> {
      // The preview when the web tier made one (uploads before previews existed: the raw image).
      const preview = await findImage(deps.db, 'previews', input.uploadId);
      const sizes = preview ? previewMetadataOf(preview.metadata) : null;
      const image = preview && sizes ? preview.bytes : await readDecodableUpload(deps.db, input.uploadId);
      const result = await deps.slot.use((model) => detectObjects(model, image));
      const verdict = scoreEcoPoint1(result.detections);
      const annotated = await annotateForPeople(image, result);
      await putImage(deps.db, 'detections', input.uploadId, annotated, `${input.uploadId}.jpg`, { uploadId: input.uploadId, modelVersion: result.modelVersion, contentType: 'image/jpeg' });
      // Boxes are reported in the raw image's pixels (training samples, labelling), whichever image was read.
      const toRaw = sizes ? sizes.rawWidth / result.width : 1;
      const round = (v: number) => Math.round(v * toRaw * 10) / 10;
      return {
        modelVersion: result.modelVersion,
        detections: result.detections.map((d) => ({ className: d.className, confidence: Math.round(d.confidence * 1000) / 1000, box: { x1: round(d.box.x1), y1: round(d.box.y1), x2: round(d.box.x2), y2: round(d.box.y2) } })),
        plastics: verdict.plastics,
        labels: verdict.labels,
        cans: verdict.cans,
        points: verdict.points,
        code: verdict.accepted ? null : verdict.code,
        annotated: true,
      };
    },

    /** Reads receipt `uploadId` with Tesseract and finds the lines naming label-free products. */
    async readReceipt(input: { readonly uploadId: string }): Promise<ReceiptFindings> {
      const raw = await readDecodableUpload(deps.db, input.uploadId);
      const text = await ocrReceipt(raw, deps.ocr);
      const matches = findNoLabelLines(text);
      const normalised = text.split(/\r?\n/).map(normaliseOcrLine).filter(Boolean).join('\n');
      return {
        modelVersion: OCR_MODEL_VERSION,
        text: text.slice(0, 4000),
        matchedLines: matches.map((m) => m.line.slice(0, 120)),
        points: receiptPoints(matches),
        textSha256: sha256Hex(Buffer.from(normalised, 'utf8')),
      };
    },
  };
}

/** The activities of the `inference` task queue, by name. */
export type InferenceActivities = ReturnType<typeof createInferenceActivities>;
