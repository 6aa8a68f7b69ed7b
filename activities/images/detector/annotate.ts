/**
 * Draws detections on a copy of the image (boxes, class names and confidences), as the user sees it on the
 * eco point page. The drawing is an SVG overlay composited by sharp.
 */
import { decodeOriented, type ImageLimits } from './decode-image';
import { type Detection } from './detect';

/** Box colours per class name; other classes get {@link FALLBACK_COLOR}. */
export const CLASS_COLORS: Readonly<Record<string, string>> = {
  plastic: '#00c853',
  label: '#ff1744',
  can: '#2979ff',
};
const FALLBACK_COLOR = '#ffab00';

/** Options of {@link annotateImage}. */
export interface AnnotateOptions extends ImageLimits {
  /** Output format. Default `jpeg`. */
  readonly format?: 'jpeg' | 'png';
  /** JPEG quality 1–100. Default 90. */
  readonly quality?: number;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Builds the SVG overlay for an image of `width` × `height` pixels. */
export function detectionsSvg(width: number, height: number, detections: readonly Detection[]): string {
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 250));
  const font = Math.max(12, Math.round(Math.min(width, height) / 40));
  const parts = detections.map((d) => {
    const color = CLASS_COLORS[d.className] ?? FALLBACK_COLOR;
    const { x1, y1, x2, y2 } = d.box;
    const text = escapeXml(`${d.className} ${d.confidence.toFixed(2)}`);
    const tw = Math.round(text.length * font * 0.6 + 8);
    const ty = y1 - font - 6 >= 0 ? y1 - font - 6 : y1;
    return (
      `<rect x="${x1.toFixed(1)}" y="${y1.toFixed(1)}" width="${(x2 - x1).toFixed(1)}" height="${(y2 - y1).toFixed(1)}" ` +
      `fill="none" stroke="${color}" stroke-width="${stroke}"/>` +
      `<rect x="${x1.toFixed(1)}" y="${ty.toFixed(1)}" width="${tw}" height="${font + 6}" fill="${color}"/>` +
      `<text x="${(x1 + 4).toFixed(1)}" y="${(ty + font).toFixed(1)}" font-family="DejaVu Sans, sans-serif" ` +
      `font-size="${font}" fill="#ffffff">${text}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

/**
 * Returns an encoded copy of `image` with `detections` drawn on it (boxes in displayed-image pixels).
 * @throws EcoPointError `ImgInvalid` / `ImgOverSize`
 */
export async function annotateImage(
  image: Buffer,
  detections: readonly Detection[],
  options: AnnotateOptions = {},
): Promise<Buffer> {
  const { info, image: pixels } = await decodeOriented(image, options);
  const overlay = Buffer.from(detectionsSvg(info.width, info.height, detections));
  const drawn = pixels.composite([{ input: overlay, top: 0, left: 0 }]);
  return options.format === 'png'
    ? drawn.png().toBuffer()
    : drawn.jpeg({ quality: options.quality ?? 90 }).toBuffer();
}
