/**
 * The printed-text signal of stage 2: PaddleOCR's PP-OCRv4 text detector (`ch_PP-OCRv4_det_infer.onnx`, from
 * the PyPI wheel `rapidocr_onnxruntime==1.4.4`, Apache-2.0) through onnxruntime-node. It maps an image to the
 * probability, per pixel, that the pixel lies on text. Preprocessing as RapidOCR's: BGR, (x / 255 − 0.5) / 0.5.
 */
import * as ort from 'onnxruntime-node';
import { EcoPointError } from '../../../../domain/errors';
import { type RgbImage } from './crop-sampling';

/** A loaded text detector. */
export interface TextDetector {
  /**
   * Text probability per pixel of `image` (width and height must be multiples of 32), row-major, 0–1.
   * @throws EcoPointError `ModelError`
   */
  textProbability(image: RgbImage): Promise<Float32Array>;
  /** Frees the native session. */
  release(): Promise<void>;
}

/** Builds the detector's input: BGR planes scaled to −1…1, NCHW. */
export function textDetectorInput(image: RgbImage): Float32Array {
  const { width, height, data } = image;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    out[i] = data[i * 3 + 2]! / 127.5 - 1;
    out[plane + i] = data[i * 3 + 1]! / 127.5 - 1;
    out[2 * plane + i] = data[i * 3]! / 127.5 - 1;
  }
  return out;
}

/**
 * Loads the text detector ONNX file.
 * @param intraOpThreads - threads inside one run (default: onnxruntime's choice)
 * @throws EcoPointError `ModelError` when the file is missing or not the expected model
 */
export async function loadTextDetector(file: string, intraOpThreads?: number): Promise<TextDetector> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(file, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      ...(intraOpThreads === undefined ? {} : { intraOpNumThreads: intraOpThreads }),
    });
  } catch (err) {
    throw new EcoPointError('ModelError', `Cannot load the text detector ${file}.`, { file }, { cause: err });
  }
  const [input] = session.inputNames;
  const [output] = session.outputNames;
  if (input === undefined || output === undefined) {
    await session.release();
    throw new EcoPointError('ModelError', `Text detector ${file} has no input or output.`, { file });
  }
  return {
    async textProbability(image: RgbImage): Promise<Float32Array> {
      if (image.width % 32 !== 0 || image.height % 32 !== 0) {
        throw new EcoPointError('ModelError', `Text detector input must be a multiple of 32 pixels, got ${image.width}×${image.height}.`);
      }
      let out: ort.Tensor | undefined;
      try {
        const tensor = new ort.Tensor('float32', textDetectorInput(image), [1, 3, image.height, image.width]);
        out = (await session.run({ [input]: tensor }))[output];
      } catch (err) {
        throw new EcoPointError('ModelError', 'The text detector failed to run.', { file }, { cause: err });
      }
      if (!out || out.type !== 'float32' || out.data.length !== image.width * image.height) {
        throw new EcoPointError('ModelError', `Text detector output has the wrong shape [${out?.dims.join(', ') ?? ''}].`, { file });
      }
      return out.data as Float32Array;
    },
    release: () => session.release(),
  };
}
