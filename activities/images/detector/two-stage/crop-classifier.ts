/**
 * Stage 2 as a learned classifier: two logistic regressions on the stage-1 SSD's backbone features of a crop
 * (average-pooled `backbone_features`, 1280 values), p(can) and p(label). Trained by
 * ml/detector/pretrained/train_stage2_classifier.py; stored as JSON beside the model. Pure arithmetic: no I/O.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { EcoPointError } from '../../../../domain/errors';
import { sigmoid } from './ssd-decode';

const Logistic = Type.Object({ weights: Type.Array(Type.Number(), { minItems: 1 }), bias: Type.Number() });

/** The classifier file. */
export const CropClassifierSchema = Type.Object({
  /** Output of the stage-1 model the features come from. */
  feature: Type.String({ minLength: 1 }),
  /** Crop margin on each side, as a share of the box's width and height. */
  margin: Type.Number({ minimum: 0, maximum: 1 }),
  /** Standardisation: feature mean and standard deviation (training set). */
  mean: Type.Array(Type.Number(), { minItems: 1 }),
  std: Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 1 }),
  can: Logistic,
  label: Logistic,
});

/** A loaded crop classifier. */
export type CropClassifier = Static<typeof CropClassifierSchema>;

const CHECK = TypeCompiler.Compile(CropClassifierSchema);

/**
 * Checks a classifier JSON (shapes must agree).
 * @throws EcoPointError `ModelError`
 */
export function parseCropClassifier(raw: unknown, file: string): CropClassifier {
  if (!CHECK.Check(raw)) {
    const errors = [...CHECK.Errors(raw)].slice(0, 5).map((e) => `${e.path || '/'}: ${e.message}`);
    throw new EcoPointError('ModelError', `Stage-2 classifier ${file} is invalid: ${errors.join('; ')}.`, { file, errors });
  }
  const n = raw.mean.length;
  if (raw.std.length !== n || raw.can.weights.length !== n || raw.label.weights.length !== n) {
    throw new EcoPointError('ModelError', `Stage-2 classifier ${file} is invalid: mean, std and weights must have the same length.`, { file });
  }
  return raw;
}

/**
 * Average-pools an NCHW feature map of one image ([1, C, H, W]) to C values.
 * @throws RangeError when the length is not channels × a whole plane
 */
export function averagePool(map: Float32Array, channels: number): Float32Array {
  const plane = map.length / channels;
  if (!Number.isInteger(plane) || plane < 1) throw new RangeError(`${map.length} values are not ${channels} channels`);
  const out = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let i = c * plane; i < (c + 1) * plane; i++) s += map[i]!;
    out[c] = s / plane;
  }
  return out;
}

/** p(can) and p(label) of a crop from its pooled features. */
export function classifyCrop(classifier: CropClassifier, pooled: Float32Array): { readonly can: number; readonly label: number } {
  if (pooled.length !== classifier.mean.length) {
    throw new RangeError(`${pooled.length} features for a classifier of ${classifier.mean.length}`);
  }
  let zc = classifier.can.bias;
  let zl = classifier.label.bias;
  for (let i = 0; i < pooled.length; i++) {
    const x = (pooled[i]! - classifier.mean[i]!) / classifier.std[i]!;
    zc += classifier.can.weights[i]! * x;
    zl += classifier.label.weights[i]! * x;
  }
  return { can: sigmoid(zc), label: sigmoid(zl) };
}
