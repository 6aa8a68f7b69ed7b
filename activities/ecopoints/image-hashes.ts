/**
 * Fingerprints of an uploaded image for the duplicate rule (SPEC §1 `ImgDuplicated`): SHA-256 of the bytes for
 * exact copies, and a 64-bit perceptual hash (DCT pHash, `sharp-phash`) for copies that were re-encoded,
 * resized or lightly cropped. Perceptual hashes are compared by Hamming distance; {@link bandProbes} lists the
 * index keys to look up so that every stored hash within the distance is found without a scan.
 *
 * The threshold, {@link DUPLICATE_MAX_DISTANCE}, was measured on 40 generated photos (test/support/ecopoint-images.ts,
 * figures in README "Eco points"): re-encodings, 60 % resizes and PNG copies land at distance 0–2, crops of 1 %
 * per side at ≤ 5 for 90 % of them (max 8), 2 % crops at median 5 (max 9), while different scenes stay ≥ 15
 * apart (median 32). Receipts (white paper, black text) hash within 2 of each other, so pHash cannot tell
 * receipts apart: the receipt service uses SHA-256 and the OCR text instead (see ecopoint-checks.ts).
 */
import { createHash } from 'node:crypto';
import phash from 'sharp-phash';

/** Largest Hamming distance between two perceptual hashes that still counts as the same image. */
export const DUPLICATE_MAX_DISTANCE = 7;
/** The hash is cut into this many bands of {@link BAND_BITS} bits for the index. */
export const BAND_COUNT = 4;
/** Bits per band. */
export const BAND_BITS = 16;

/** The two fingerprints of an image. */
export interface ImageFingerprint {
  /** SHA-256 of the bytes, lowercase hex (64 characters). */
  readonly sha256: string;
  /** Perceptual hash, 16 lowercase hex characters (64 bits). */
  readonly phash: string;
}

/** SHA-256 of `bytes` as lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `0101…` (64 bits, as sharp-phash returns it) → 16 hex characters. */
export function bitsToHex(bits: string): string {
  if (!/^[01]{64}$/.test(bits)) throw new Error(`a perceptual hash has 64 bits, got ${JSON.stringify(bits.slice(0, 70))}`);
  let hex = '';
  for (let i = 0; i < 64; i += 4) hex += parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex;
}

/** The 64-bit perceptual hash of an encoded image, as 16 hex characters (EXIF orientation applied). */
export async function perceptualHash(image: Buffer): Promise<string> {
  return bitsToHex(await phash(image, { failOn: 'error', limitInputPixels: 40_000_000 }));
}

/**
 * Both fingerprints of an encoded image: SHA-256 of the bytes as sent, the perceptual hash of `decodable`, the
 * same photo as bytes sharp decodes (a HEIC photo's JPEG: activities/images/heic-decoder.ts; by default `image`).
 */
export async function fingerprintImage(image: Buffer, decodable: Buffer = image): Promise<ImageFingerprint> {
  return { sha256: sha256Hex(image), phash: await perceptualHash(decodable) };
}

const POPCOUNT4 = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

/** Number of differing bits between two hex hashes of the same length. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) throw new Error(`hashes differ in length: ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d += POPCOUNT4[parseInt(a[i] ?? '0', 16) ^ parseInt(b[i] ?? '0', 16)] ?? 0;
  return d;
}

/** The {@link BAND_COUNT} bands of a hash, as 4-hex-digit strings. */
export function bandsOf(hash: string): string[] {
  const digits = BAND_BITS / 4;
  return Array.from({ length: BAND_COUNT }, (_, i) => hash.slice(i * digits, (i + 1) * digits));
}

/**
 * Index keys to read to find every stored hash within {@link DUPLICATE_MAX_DISTANCE} of `hash`: per band, the
 * band's own value and every value one bit away (`<band>:<value>`), 4 × 17 = 68 keys. By the pigeonhole
 * principle, two hashes at distance ≤ 7 differ in at most one bit in at least one of the 4 bands, so that band
 * of the stored hash is among the probes. Stored hashes are filed only under their exact band values.
 */
export function bandProbes(hash: string): string[] {
  const probes: string[] = [];
  bandsOf(hash).forEach((band, i) => {
    const value = parseInt(band, 16);
    probes.push(bandKey(i, value));
    for (let bit = 0; bit < BAND_BITS; bit++) probes.push(bandKey(i, value ^ (1 << bit)));
  });
  return probes;
}

/** The index key of band `index` holding `value`: `2:0f3a`. */
export function bandKey(index: number, value: number): string {
  return `${index}:${value.toString(16).padStart(BAND_BITS / 4, '0')}`;
}

/** The keys a stored hash is filed under (its exact band values). */
export function bandHomes(hash: string): string[] {
  return bandsOf(hash).map((band, i) => bandKey(i, parseInt(band, 16)));
}
