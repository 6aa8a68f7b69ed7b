/**
 * YOLOv5 letterbox arithmetic: where an image lands inside the square model input, and the way back.
 *
 * Mirrors `letterbox()` / `scale_boxes()` of YOLOv5 (auto=False, scaleup=True) and ml/detector/reference_infer.py,
 * including Python's round-half-to-even, so both sides pick the same pixel sizes and paddings.
 */

/** Padding colour of YOLOv5's letterbox, per RGB channel (0–255). */
export const LETTERBOX_PAD = 114;

/** Placement of an image of `origWidth` x `origHeight` pixels inside a `size` x `size` model input. */
export interface LetterboxGeometry {
  /** Side of the square model input, pixels. */
  readonly size: number;
  /** Width of the image as decoded (after EXIF orientation), pixels. */
  readonly origWidth: number;
  /** Height of the image as decoded (after EXIF orientation), pixels. */
  readonly origHeight: number;
  /** Scale from original to input pixels: min(size / height, size / width). */
  readonly gain: number;
  /** Width of the resized image inside the input, pixels. */
  readonly newWidth: number;
  /** Height of the resized image inside the input, pixels. */
  readonly newHeight: number;
  /** Padding columns on the left, pixels. */
  readonly left: number;
  /** Padding rows on top, pixels. */
  readonly top: number;
}

/** An axis-aligned box in pixels: top-left (x1, y1), bottom-right (x2, y2). */
export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Python 3's `round()`: to the nearest integer, ties to the even neighbour. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Computes the letterbox placement of a `width` x `height` image into a `size` x `size` input.
 * @param width - image width in pixels (> 0)
 * @param height - image height in pixels (> 0)
 * @param size - model input side in pixels (default 640)
 */
export function letterboxGeometry(width: number, height: number, size = 640): LetterboxGeometry {
  if (!(width > 0 && height > 0 && size > 0)) {
    throw new RangeError(`letterbox needs positive sizes, got ${width}x${height} into ${size}`);
  }
  const gain = Math.min(size / height, size / width);
  const newWidth = roundHalfEven(width * gain);
  const newHeight = roundHalfEven(height * gain);
  const dw = (size - newWidth) / 2;
  const dh = (size - newHeight) / 2;
  return {
    size,
    origWidth: width,
    origHeight: height,
    gain,
    newWidth,
    newHeight,
    left: roundHalfEven(dw - 0.1),
    top: roundHalfEven(dh - 0.1),
  };
}

/**
 * Maps a box from model-input pixels back to the original image, as YOLOv5's `scale_boxes` + `clip_boxes` do:
 * the padding is recomputed from the gain (not from the rounded sizes), then the box is clipped to the image.
 */
export function boxToOriginal(box: Box, geo: LetterboxGeometry): Box {
  const gain = Math.min(geo.size / geo.origHeight, geo.size / geo.origWidth);
  const padX = (geo.size - geo.origWidth * gain) / 2;
  const padY = (geo.size - geo.origHeight * gain) / 2;
  const clip = (v: number, max: number): number => Math.min(Math.max(v, 0), max);
  return {
    x1: clip((box.x1 - padX) / gain, geo.origWidth),
    y1: clip((box.y1 - padY) / gain, geo.origHeight),
    x2: clip((box.x2 - padX) / gain, geo.origWidth),
    y2: clip((box.y2 - padY) / gain, geo.origHeight),
  };
}

/** float32(v) / 255 for every byte value: one load per value in the hot loop, identical to numpy's result. */
const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/**
 * Builds the model input: the resized RGB pixels placed at (left, top) on a field of {@link LETTERBOX_PAD}, as a
 * CHW float32 tensor scaled to 0–1 (`value / 255`), length 3 * size * size.
 * @param resized - interleaved RGB bytes of the resized image, newWidth x newHeight x 3
 * @param target - buffer to fill instead of allocating one (length 3 * size * size), e.g. from a pool
 */
export function toInputTensor(resized: Uint8Array, geo: LetterboxGeometry, target?: Float32Array): Float32Array {
  const { size, newWidth, newHeight, left, top } = geo;
  if (resized.length !== newWidth * newHeight * 3) {
    throw new RangeError(`expected ${newWidth * newHeight * 3} RGB bytes, got ${resized.length}`);
  }
  const plane = size * size;
  if (target !== undefined && target.length !== 3 * plane) {
    throw new RangeError(`target must hold ${3 * plane} values, has ${target.length}`);
  }
  const out = target ?? new Float32Array(3 * plane);
  out.fill(LETTERBOX_PAD / 255);
  const lut = BYTE_TO_UNIT;
  for (let y = 0; y < newHeight; y++) {
    let src = y * newWidth * 3;
    let dst = (y + top) * size + left;
    for (let x = 0; x < newWidth; x++, src += 3, dst++) {
      out[dst] = lut[resized[src]!]!;
      out[dst + plane] = lut[resized[src + 1]!]!;
      out[dst + 2 * plane] = lut[resized[src + 2]!]!;
    }
  }
  return out;
}
