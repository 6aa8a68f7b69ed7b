/**
 * The image as the two-stage detector reads it: checked (size, format) like every upload, decoded once with
 * its EXIF orientation applied, and shrunk to a working copy that both stages read.
 */
import sharp from 'sharp';
import { EcoPointError } from '../../../../domain/errors';
import { DEFAULT_MAX_PIXELS, type ImageLimits, inspectImage } from '../decode-image';
import { type RgbImage } from './crop-sampling';

/** The image decoded once: a working copy for both stages, and its scale back to the displayed image. */
export interface WorkingImage {
  readonly image: RgbImage;
  readonly width: number;
  readonly height: number;
  /** Displayed pixels per working pixel. */
  readonly scale: number;
}

/**
 * Decodes `input` to a working copy whose longest side is at most `side` pixels (never enlarged).
 * @throws EcoPointError `ImgOverSize` / `ImgInvalid`
 */
export async function decodeWorking(input: Buffer, side: number, options: ImageLimits): Promise<WorkingImage> {
  const info = await inspectImage(input, options);
  const gain = Math.min(1, side / Math.max(info.width, info.height));
  const w = Math.max(1, Math.round(info.width * gain));
  const h = Math.max(1, Math.round(info.height * gain));
  try {
    // Shrink-on-load (JPEG DCT scaling) is allowed here: a 12 MP photo decodes several times faster.
    const { data, info: out } = await sharp(input, { failOn: 'warning', limitInputPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS })
      .autoOrient()
      .removeAlpha()
      .toColourspace('srgb')
      .resize(w, h, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (out.channels !== 3) throw new Error(`decoded ${out.channels} channels`);
    return {
      image: { width: out.width, height: out.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) },
      width: info.width,
      height: info.height,
      scale: info.width / out.width,
    };
  } catch (err) {
    throw new EcoPointError('ImgInvalid', 'The image data is corrupt or truncated.', { format: info.format }, { cause: err });
  }
}
