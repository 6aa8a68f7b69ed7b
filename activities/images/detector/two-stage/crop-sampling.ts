/**
 * Sampling a box of an RGB image onto a small fixed grid, for the stage-2 decision: bilinear, with a margin
 * around the box (the background beside a bottle is what a transparent bottle shows through), and turned so
 * that rows always run across the object's long axis (a bottle lying down is read like a standing one).
 * Pure arithmetic: no I/O.
 */
import { type Box } from '../letterbox';

/** Interleaved RGB pixels. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 3 bytes, row-major. */
  readonly data: Uint8Array;
}

/** A sampled crop: the box's pixels plus `margin` columns of surroundings on each side. */
export interface SampledCrop extends RgbImage {
  /** Columns of surroundings on the left and on the right (the box itself is the columns between). */
  readonly margin: number;
  /** True when the box was wider than tall and rows run along the image's x axis. */
  readonly transposed: boolean;
}

/** Options of {@link sampleCrop}. */
export interface SampleCropOptions {
  /** Columns across the box's short side. Default 32. */
  readonly across?: number;
  /** Rows along the box's long side. Default 96. */
  readonly along?: number;
  /** Columns of surroundings sampled on each side (at the same pixel pitch as the box). Default 8. */
  readonly margin?: number;
}

function bilinear(img: RgbImage, x: number, y: number, out: Uint8Array, at: number): void {
  const cx = Math.min(Math.max(x, 0), img.width - 1);
  const cy = Math.min(Math.max(y, 0), img.height - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, img.width - 1);
  const y1 = Math.min(y0 + 1, img.height - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const d = img.data;
  for (let c = 0; c < 3; c++) {
    const a = d[(y0 * img.width + x0) * 3 + c]!;
    const b = d[(y0 * img.width + x1) * 3 + c]!;
    const e = d[(y1 * img.width + x0) * 3 + c]!;
    const f = d[(y1 * img.width + x1) * 3 + c]!;
    out[at + c] = Math.round((a * (1 - fx) + b * fx) * (1 - fy) + (e * (1 - fx) + f * fx) * fy);
  }
}

/**
 * Samples `box` (in pixels of `img`) onto a grid of `along` rows × (`across` + 2 · margin) columns; pixels
 * outside the image repeat the edge.
 */
export function sampleCrop(img: RgbImage, box: Box, options: SampleCropOptions = {}): SampledCrop {
  const across = options.across ?? 32;
  const along = options.along ?? 96;
  const bw = Math.max(box.x2 - box.x1, 1e-3);
  const bh = Math.max(box.y2 - box.y1, 1e-3);
  const transposed = bw > bh;
  const margin = Math.max(1, Math.round(options.margin ?? 8));
  const width = across + 2 * margin;
  const data = new Uint8Array(width * along * 3);
  // (u, v): u across the short side (with margins), v along the long side; both at pixel centres.
  const shortSide = transposed ? bh : bw;
  const step = shortSide / across;
  for (let v = 0; v < along; v++) {
    for (let u = 0; u < width; u++) {
      const su = (u - margin + 0.5) * step;
      const sv = ((v + 0.5) / along) * (transposed ? bw : bh);
      const x = transposed ? box.x1 + sv : box.x1 + su;
      const y = transposed ? box.y1 + su : box.y1 + sv;
      bilinear(img, x - 0.5, y - 0.5, data, (v * width + u) * 3);
    }
  }
  return { width, height: along, data, margin, transposed };
}

/**
 * Samples `box` widened by `margin` (a share of its width and height on each side) onto a `size` × `size` grid,
 * stretched, bilinear; outside the image is black (as Pillow's crop pads, which the classifier was trained on).
 */
export function sampleStretched(img: RgbImage, box: Box, size: number, margin: number): RgbImage {
  const mx = margin * (box.x2 - box.x1);
  const my = margin * (box.y2 - box.y1);
  const x1 = box.x1 - mx;
  const y1 = box.y1 - my;
  const sx = (box.x2 + mx - x1) / size;
  const sy = (box.y2 + my - y1) / size;
  const data = new Uint8Array(size * size * 3);
  for (let v = 0; v < size; v++) {
    const y = y1 + (v + 0.5) * sy;
    for (let u = 0; u < size; u++) {
      const x = x1 + (u + 0.5) * sx;
      if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue; // stays black
      bilinear(img, x - 0.5, y - 0.5, data, (v * size + u) * 3);
    }
  }
  return { width: size, height: size, data };
}
