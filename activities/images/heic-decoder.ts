/**
 * Decoding HEIC photos (HEVC inside), which sharp's prebuilt libvips reads the header and EXIF of but cannot
 * decode (it ships no HEVC decoder). iPhones save photos as HEIC; a photo copied to a computer and uploaded
 * from there arrives as HEIC (Safari on the phone itself usually sends a JPEG).
 *
 * The decoder is libheif with libde265 compiled to WebAssembly (`heic-decode` on `libheif-js`). It runs on a
 * thread of its own, started per photo: a 12 MP photo takes about half a second of CPU, which on the web
 * tier's event loop would stop every page for as long. HEIC uploads are few, so a thread per photo costs less
 * than keeping a decoder's memory around.
 */
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';

/** Decoded pixels: RGBA, 4 bytes per pixel, row by row, with the photo's rotation and mirroring applied. */
export interface DecodedPixels {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/** Options of {@link decodeHeic}. */
export interface HeicDecodeOptions {
  /** Refuse photos larger than this before decoding (width × height). */
  readonly maxPixels: number;
  /** Give up after this many ms (default 20 000). */
  readonly timeoutMs?: number;
}

/**
 * The thread's code, evaluated as CommonJS (worker threads do not inherit the TypeScript loader): decode the
 * bytes it was given with the module at `workerData.decoder` and post the pixels back, or the error's message.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.decoder);
decode({ buffer: workerData.bytes }).then(
  (image) => parentPort.postMessage({ width: image.width, height: image.height, data: image.data }, [image.data.buffer]),
  (err) => parentPort.postMessage({ error: String((err && err.message) || err) }),
);
`;

type WorkerReply = { readonly width: number; readonly height: number; readonly data: Uint8ClampedArray } | { readonly error: string };

/**
 * Decodes a HEIC photo on a thread of its own.
 * @throws Error when the photo is larger than `maxPixels`, is not HEIC, cannot be decoded, or takes too long
 */
export async function decodeHeic(bytes: Buffer, options: HeicDecodeOptions): Promise<DecodedPixels> {
  // The header says the size without decoding (libvips reads HEIF containers).
  const meta = await sharp(bytes).metadata();
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels === 0 || pixels > options.maxPixels) throw new Error(`a HEIC photo of ${meta.width ?? '?'}×${meta.height ?? '?'} pixels is not decoded (at most ${options.maxPixels})`);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { decoder: require.resolve('heic-decode'), bytes: new Uint8Array(bytes) } });
  try {
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`decoding the HEIC photo took longer than ${options.timeoutMs ?? 20_000} ms`)), options.timeoutMs ?? 20_000);
      worker.once('message', (m: WorkerReply) => {
        clearTimeout(timer);
        resolve(m);
      });
      worker.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the HEIC decoder thread exited with ${code}`));
      });
    });
    if ('error' in reply) throw new Error(`the HEIC photo cannot be decoded: ${reply.error}`);
    return { data: Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength), width: reply.width, height: reply.height };
  } finally {
    await worker.terminate();
  }
}

/**
 * `image` as bytes sharp can decode: the same bytes, unless they are a HEIC photo with HEVC inside, which is
 * decoded ({@link decodeHeic}) and given back as a JPEG (quality 92, upright, no metadata — read the EXIF from
 * the original). Every reader of an upload's raw bytes that decodes pixels goes through this.
 * @throws Error when a HEIC photo cannot be decoded (or whatever sharp throws reading a header)
 */
export async function decodableImage(image: Buffer, maxPixels: number): Promise<Buffer> {
  const meta = await sharp(image, { limitInputPixels: maxPixels }).metadata();
  if (meta.format !== 'heif' || meta.compression !== 'hevc') return image;
  const { data, width, height } = await decodeHeic(image, { maxPixels });
  return sharp(data, { raw: { width, height, channels: 4 } }).removeAlpha().jpeg({ quality: 92 }).toBuffer();
}
