/**
 * Reads a receipt photo with Tesseract (Debian `tesseract-ocr` + `tesseract-ocr-kor`, the CLI), after a clean-up
 * with sharp: EXIF orientation applied, grey, contrast stretched, scaled so text lines are tall enough for the
 * Korean model (about 1800 px wide), lightly sharpened. The image goes in on stdin and the text comes back on
 * stdout: no temporary files.
 */
import { spawn } from 'node:child_process';
import sharp from 'sharp';
import { EcoPointError } from '../../domain/errors';

/** Options of {@link ocrReceipt}. */
export interface OcrOptions {
  /** The tesseract executable (default `tesseract` on the PATH). */
  readonly command?: string;
  /** Languages (default `kor+eng`: Korean item names with Latin units and brands). */
  readonly languages?: string;
  /** Give up after this many ms (default 30 000). */
  readonly timeoutMs?: number;
}

/** Text width the clean-up scales receipts to, in pixels. */
export const OCR_WIDTH = 1800;

/** The clean-up before OCR (PNG, grey, normalised, about {@link OCR_WIDTH} px wide). */
export async function cleanReceipt(image: Buffer): Promise<Buffer> {
  try {
    return await sharp(image, { failOn: 'error', limitInputPixels: 40_000_000 })
      .autoOrient()
      .greyscale()
      .normalise()
      .resize({ width: OCR_WIDTH, fit: 'inside' })
      .sharpen()
      .png({ compressionLevel: 1 })
      .toBuffer();
  } catch (err) {
    throw new EcoPointError('ImgInvalid', 'The receipt image cannot be decoded.', {}, { cause: err });
  }
}

/**
 * The text Tesseract reads on a cleaned-up receipt.
 * @throws EcoPointError `ModelError` when Tesseract is missing, fails or times out
 */
export async function ocrReceipt(image: Buffer, options: OcrOptions = {}): Promise<string> {
  const png = await cleanReceipt(image);
  const command = options.command ?? 'tesseract';
  const args = ['stdin', 'stdout', '-l', options.languages ?? 'kor+eng', '--psm', '4'];
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new EcoPointError('ModelError', `Tesseract could not start (${command}).`, { command }, { cause: e }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      reject(new EcoPointError('ModelError', `Tesseract failed (${signal ?? `exit ${code}`}).`, { stderr: Buffer.concat(err).toString('utf8').slice(-500) }));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(png);
  });
}
