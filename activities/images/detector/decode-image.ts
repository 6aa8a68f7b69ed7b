/**
 * Checks an uploaded image and decodes it for the detector, with sharp.
 *
 * Refusals carry codes (SPEC §1): `ImgOverSize` for too many bytes or pixels, `ImgInvalid` for anything that is
 * not a complete image in a supported format and colour space (non-images, corrupt or truncated files, CMYK).
 * EXIF orientation is applied, so boxes refer to the image as a person sees it.
 */
import sharp from 'sharp';
import { EcoPointError } from '../../../domain/errors';
import { type LetterboxGeometry, letterboxGeometry } from './letterbox';

/** Limits on an input image. */
export interface ImageLimits {
  /** Largest accepted file, bytes. Default 16 MiB (SPEC §1: "photo too large (> 16 MB)"). */
  readonly maxBytes?: number;
  /** Largest accepted width × height, pixels; guards against decompression bombs. Default 40 megapixels. */
  readonly maxPixels?: number;
}

/** Default file size limit: 16 MiB. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Default pixel count limit: 40 megapixels (a 12 MP phone photo is 4032 × 3024). */
export const DEFAULT_MAX_PIXELS = 40_000_000;

/** Formats the detector accepts (sharp's format names). */
export const ACCEPTED_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'heif']);

/** What was learnt about an image before decoding its pixels. */
export interface ImageInfo {
  /** sharp's name of the container format, e.g. `jpeg`. */
  readonly format: string;
  /** Width after EXIF orientation, pixels. */
  readonly width: number;
  /** Height after EXIF orientation, pixels. */
  readonly height: number;
  /** EXIF orientation tag (1–8), 1 when absent. */
  readonly orientation: number;
}

/** The model's view of an image: the resized pixels and where they go in the input. */
export interface PreparedImage {
  readonly info: ImageInfo;
  readonly geometry: LetterboxGeometry;
  /** Interleaved RGB bytes, geometry.newWidth × geometry.newHeight × 3. */
  readonly rgb: Uint8Array;
}

function sharpOf(input: Buffer, maxPixels: number, upright: boolean): sharp.Sharp {
  // failOn 'warning' makes libvips refuse truncated or corrupt data instead of returning grey pixels.
  // Sequential (streaming) reads are faster but only possible when no EXIF rotation needs the whole image.
  return sharp(input, { failOn: 'warning', limitInputPixels: maxPixels, sequentialRead: upright });
}

function invalid(message: string, details: Record<string, unknown>, cause?: unknown): EcoPointError {
  return new EcoPointError('ImgInvalid', message, details, cause === undefined ? undefined : { cause });
}

/**
 * Reads an image's header and refuses it when it is too large, not an image, in an unsupported format or CMYK.
 * Does not decode the pixels (corruption further in is caught by {@link prepareForModel}).
 * @throws EcoPointError `ImgOverSize` or `ImgInvalid`
 */
export async function inspectImage(input: Buffer, limits: ImageLimits = {}): Promise<ImageInfo> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (input.length === 0) throw invalid('The file is empty.', { bytes: 0 });
  if (input.length > maxBytes) {
    throw new EcoPointError('ImgOverSize', `The file has ${input.length} bytes; the limit is ${maxBytes}.`, {
      bytes: input.length,
      maxBytes,
    });
  }
  let meta: sharp.Metadata;
  try {
    // Header only: the pixel limit is checked below, with a coded error, instead of by sharp.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw invalid('The file is not an image in a known format.', { bytes: input.length }, err);
  }
  const { format, width, height, space } = meta;
  if (format === undefined || !ACCEPTED_FORMATS.has(format)) {
    throw invalid(`Images in the ${format ?? 'unknown'} format are not accepted.`, { format });
  }
  if (!width || !height) throw invalid('The image has no size.', { format });
  if (width * height > maxPixels) {
    throw new EcoPointError('ImgOverSize', `The image has ${width}×${height} pixels; the limit is ${maxPixels}.`, {
      width,
      height,
      maxPixels,
    });
  }
  if (space === 'cmyk') {
    throw invalid('CMYK images are not accepted; save the photo as RGB.', { format, space });
  }
  const orientation = meta.orientation ?? 1;
  const swap = orientation >= 5 && orientation <= 8;
  return { format, width: swap ? height : width, height: swap ? width : height, orientation };
}

/**
 * Decodes an image, applies its EXIF orientation, drops alpha and resizes it (bilinear) to its letterbox size.
 * @param size - model input side, pixels (default 640)
 * @throws EcoPointError `ImgOverSize` or `ImgInvalid` (also for corrupt or truncated pixel data)
 */
export async function prepareForModel(input: Buffer, size = 640, limits: ImageLimits = {}): Promise<PreparedImage> {
  const info = await inspectImage(input, limits);
  const geometry = letterboxGeometry(info.width, info.height, size);
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  try {
    let pipeline = sharpOf(input, maxPixels, info.orientation === 1).autoOrient().removeAlpha().toColourspace('srgb');
    if (geometry.newWidth !== info.width || geometry.newHeight !== info.height) {
      pipeline = pipeline.resize(geometry.newWidth, geometry.newHeight, {
        fit: 'fill',
        kernel: 'linear',
        fastShrinkOnLoad: false,
      });
    }
    const { data, info: out } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (out.channels !== 3 || out.width !== geometry.newWidth || out.height !== geometry.newHeight) {
      throw new Error(`decoded ${out.width}x${out.height}x${out.channels}, expected RGB ${geometry.newWidth}x${geometry.newHeight}`);
    }
    return { info, geometry, rgb: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (err) {
    throw invalid('The image data is corrupt or truncated.', { format: info.format }, err);
  }
}

/**
 * Decodes an image with its EXIF orientation applied, as RGB (for drawing on it).
 * @throws EcoPointError `ImgOverSize` or `ImgInvalid`
 */
export async function decodeOriented(
  input: Buffer,
  limits: ImageLimits = {},
): Promise<{ readonly info: ImageInfo; readonly image: sharp.Sharp }> {
  const info = await inspectImage(input, limits);
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  try {
    const { data, info: out } = await sharpOf(input, maxPixels, info.orientation === 1)
      .autoOrient()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { info, image: sharp(data, { raw: { width: out.width, height: out.height, channels: out.channels } }) };
  } catch (err) {
    throw invalid('The image data is corrupt or truncated.', { format: info.format }, err);
  }
}
