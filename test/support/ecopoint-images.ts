/**
 * Test images made by the project (issue 14): phone-like JPEGs of PET bottles drawn with SVG (the shapes the
 * project's detector was trained on: clear bottles with caps and specular stripes, with or without a printed
 * label), receipts rendered in Korean with the Nanum fonts (Debian fonts-nanum), and copies of an image that
 * were re-encoded, resized or cropped — each with EXIF `DateTimeOriginal` set to a chosen moment (or none)
 * through sharp's `withExif`, plus a GPS position so tests can check that served copies drop it.
 *
 * Everything is generated in memory at test time (≈ 20–60 ms per image), deterministic for a given seed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { exifDateTimeOf } from '../../activities/ecopoints/photo-date';
import { randomStream } from '../../activities/logs/loadgen/seeded-random';

/** When the photo was "taken": a moment (written as Korea wall-clock time) or none (no EXIF date). */
export interface TakenAt {
  /** Capture moment; null writes no DateTimeOriginal. */
  readonly at: Date | null;
  /** OffsetTimeOriginal to write (default `+09:00`; null writes none). */
  readonly offset?: string | null;
}


const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

function bottleSvg(x: number, y: number, h: number, capColor: string, label: string | null): string {
  const w = h * 0.33;
  const cap = h * 0.07;
  const neck = h * 0.08;
  const sh = h * 0.15;
  const nw = w * 0.38;
  const cx = x + w / 2;
  const top = y + cap + neck + sh;
  const path =
    `M ${cx - nw / 2} ${y + cap} L ${cx - nw / 2} ${y + cap + neck} C ${x} ${y + cap + neck + sh * 0.5}, ${x} ${y + cap + neck + sh * 0.6}, ${x} ${top} ` +
    `L ${x} ${y + h - w * 0.12} L ${x + w * 0.12} ${y + h} L ${x + w * 0.88} ${y + h} L ${x + w} ${y + h - w * 0.12} L ${x + w} ${top} ` +
    `C ${x + w} ${y + cap + neck + sh * 0.6}, ${x + w} ${y + cap + neck + sh * 0.5}, ${cx + nw / 2} ${y + cap + neck} L ${cx + nw / 2} ${y + cap} Z`;
  const wrap = label
    ? `<rect x="${x}" y="${top + h * 0.12}" width="${w}" height="${h * 0.3}" fill="${label}"/>` +
      `<rect x="${x}" y="${top + h * 0.2}" width="${w}" height="${h * 0.06}" fill="#ffffff"/>` +
      `<circle cx="${cx}" cy="${top + h * 0.33}" r="${w * 0.18}" fill="#fdd835"/>`
    : '';
  return (
    `<path d="${path}" fill="url(#pet)" stroke="#567" stroke-opacity="0.5" stroke-width="${w * 0.03}"/>` +
    `<rect x="${x + w * 0.2}" y="${top}" width="${w * 0.06}" height="${h * 0.6}" fill="#fff" fill-opacity="0.8"/>` +
    `<rect x="${x + w * 0.75}" y="${top}" width="${w * 0.03}" height="${h * 0.6}" fill="#fff" fill-opacity="0.5"/>` +
    `<rect x="${cx - nw * 0.6}" y="${y}" width="${nw * 1.2}" height="${cap}" fill="${capColor}"/>` +
    wrap
  );
}

/** Options of {@link petPhoto}. */
export interface PetPhotoOptions {
  /** Scene seed: background, number and place of the bottles (default 1). */
  readonly seed?: number;
  /** Draw a printed label on every bottle (`true`), on the second one only (`'one'`), or on none (default). */
  readonly labelled?: boolean | 'one';
  /** Number of bottles, 0–2 (default 2; 0 draws an empty scene). */
  readonly bottles?: number;
  /** Capture time (default: now, `+09:00`). */
  readonly taken?: TakenAt;
  /** Width × height (default 1280 × 960). */
  readonly width?: number;
  readonly height?: number;
  /** JPEG quality (default 88). */
  readonly quality?: number;
}

/**
 * A JPEG "photo" of 2 PET bottles with EXIF date and GPS tags. With the committed detector, label-free scenes
 * score 20 points (16 of 16 seeds tried), `labelled: 'one'` scenes are refused for their label, and fully
 * labelled scenes mostly as "not plastic" (the detector loses a bottle under its label: issue 15).
 */
export async function petPhoto(options: PetPhotoOptions = {}): Promise<Buffer> {
  const rnd = randomStream(options.seed ?? 1);
  const W = 1280;
  const H = 960;
  const backgrounds = [['#6d5a48', '#a89276'], ['#3b4a5a', '#7a8ca0'], ['#556b2f', '#8fbc8f'], ['#444444', '#999999'], ['#7b3f3f', '#c08080'], ['#2f4f4f', '#88aaaa']] as const;
  const [a, b] = pick(rnd, backgrounds);
  const caps = ['#1e88e5', '#e53935', '#43a047', '#fb8c00', '#8e24aa'];
  const labels = ['#e53935', '#1e88e5', '#43a047', '#8e24aa'];
  const count = Math.max(0, Math.min(2, options.bottles ?? 2));
  let bottles = '';
  for (let i = 0; i < count; i++) {
    const h = 430 + rnd() * 90;
    const x = 90 + i * 560 + rnd() * 260;
    const y = 60 + rnd() * (H - h - 120);
    const label = pick(rnd, labels);
    const hasLabel = options.labelled === true || (options.labelled === 'one' && i === 1);
    bottles += bottleSvg(x, y, h, pick(rnd, caps), hasLabel ? label : null);
  }
  // Background blobs make each seed's scene (and so its perceptual hash) its own.
  let blobs = '';
  for (let i = 0; i < 5; i++) {
    blobs += `<ellipse cx="${rnd() * W}" cy="${rnd() * H}" rx="${80 + rnd() * 260}" ry="${60 + rnd() * 200}" fill="${pick(rnd, ['#ffffff', '#000000', '#d4a373', '#90a4ae'])}" fill-opacity="${0.12 + rnd() * 0.25}"/>`;
  }
  const angle = Math.floor(rnd() * 4);
  const gradient = [`x1="0" y1="0" x2="1" y2="1"`, `x1="1" y1="0" x2="0" y2="1"`, `x1="0" y1="0" x2="0" y2="1"`, `x1="0" y1="0" x2="1" y2="0"`][angle];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs>` +
    `<linearGradient id="bg" ${gradient}><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient>` +
    `<linearGradient id="pet" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#6f8898" stop-opacity="0.85"/>` +
    `<stop offset="0.25" stop-color="#e8f4fa" stop-opacity="0.35"/><stop offset="0.75" stop-color="#dcecf4" stop-opacity="0.3"/>` +
    `<stop offset="1" stop-color="#6f8898" stop-opacity="0.85"/></linearGradient></defs>` +
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>${blobs}${bottles}</svg>`;
  let image = sharp(Buffer.from(svg));
  if (options.width !== undefined || options.height !== undefined) image = image.resize(options.width ?? W, options.height ?? H, { fit: 'fill' });
  return withTaken(image, options.taken ?? { at: new Date() }).jpeg({ quality: options.quality ?? 88 }).toBuffer();
}

/** Options of {@link receiptImage}. */
export interface ReceiptOptions {
  /** Item lines (name, price); default three everyday items without 무라벨. */
  readonly items?: readonly (readonly [string, number])[];
  /** Shop name on top (default `에코마트 성수점`). */
  readonly shop?: string;
  /** Capture time (default: now, `+09:00`). */
  readonly taken?: TakenAt;
}

const esc = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A photographed-receipt-like JPEG: Korean text in NanumGothic on a slightly grey paper. */
export async function receiptImage(options: ReceiptOptions = {}): Promise<Buffer> {
  const items = options.items ?? [['바나나우유 240ml', 1700], ['새우깡 90g', 1500], ['종량제봉투 20L', 5000]];
  const W = 900;
  const lineH = 64;
  const header = [options.shop ?? '에코마트 성수점', '서울 성동구 성수이로 77', '2026-12-06 10:12  POS 03', '------------------------------'];
  const rows = items.map(([name, price]) => [name, `${price.toLocaleString('ko-KR')}`] as const);
  const total = items.reduce((n, [, p]) => n + p, 0);
  const H = 160 + (header.length + rows.length + 3) * lineH;
  let y = 120;
  let text = '';
  for (const line of header) {
    text += `<text x="60" y="${y}" font-family="NanumGothic" font-size="38" fill="#222">${esc(line)}</text>`;
    y += lineH;
  }
  for (const [name, price] of rows) {
    text += `<text x="60" y="${y}" font-family="NanumGothic" font-size="42" font-weight="bold" fill="#111">${esc(name)}</text>`;
    text += `<text x="${W - 60}" y="${y}" text-anchor="end" font-family="NanumGothic" font-size="42" fill="#111">${esc(price)}</text>`;
    y += lineH;
  }
  text += `<text x="60" y="${y + lineH}" font-family="NanumGothic" font-size="44" font-weight="bold" fill="#111">합계</text>`;
  text += `<text x="${W - 60}" y="${y + lineH}" text-anchor="end" font-family="NanumGothic" font-size="44" font-weight="bold" fill="#111">${total.toLocaleString('ko-KR')}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="#f4f1ea"/>${text}</svg>`;
  return withTaken(sharp(Buffer.from(svg)), options.taken ?? { at: new Date() }).jpeg({ quality: 90 }).toBuffer();
}

/** Copies of one image as people re-send them. */
export type CopyKind = 'reencode' | 'resize' | 'crop' | 'png';

/** A copy of `image`: re-encoded at quality 70, resized to 60 %, cropped by `cropPercent` on each side (default 3 %), or as PNG. Keeps the EXIF. */
export async function copyOf(image: Buffer, kind: CopyKind, cropPercent = 3): Promise<Buffer> {
  const meta = await sharp(image).metadata();
  const w = meta.width ?? 1;
  const h = meta.height ?? 1;
  const base = sharp(image).keepExif();
  switch (kind) {
    case 'reencode':
      return base.jpeg({ quality: 70 }).toBuffer();
    case 'resize':
      return base.resize(Math.round(w * 0.6)).jpeg({ quality: 85 }).toBuffer();
    case 'crop': {
      const dx = Math.round((w * cropPercent) / 100);
      const dy = Math.round((h * cropPercent) / 100);
      return base.extract({ left: dx, top: dy, width: w - 2 * dx, height: h - 2 * dy }).jpeg({ quality: 88 }).toBuffer();
    }
    case 'png':
      return base.png().toBuffer();
  }
}

/** Adds EXIF (capture time, a camera model and a GPS position in Seoul) unless `taken.at` is null (then no date, still a camera model). */
function withTaken(image: sharp.Sharp, taken: TakenAt): sharp.Sharp {
  const exif: Record<string, string> = {};
  if (taken.at) {
    exif.DateTimeOriginal = exifDateTimeOf(taken.at);
    const offset = taken.offset === undefined ? '+09:00' : taken.offset;
    if (offset !== null) exif.OffsetTimeOriginal = offset;
  }
  return image.withExif({
    IFD0: { Make: 'Ciao', Model: 'TestCam 1' },
    IFD2: exif,
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 32/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '127/1 3/1 0/1' },
  });
}

/** The capture time written in test/fixtures/heic/bottles.heic (EXIF, Korea wall clock, offset +09:00). */
const HEIC_TAKEN = '2026:12:06 10:15:00';

/**
 * The project's HEIC photo (test/fixtures/heic/bottles.heic, 1600×1200, HEVC like an iPhone's; how it was made
 * is in make-heic.py): the scene of `petPhoto({ seed: 11 })` with EXIF capture time and GPS, its capture time
 * rewritten to `taken` (the EXIF block of a HEIF file is stored as is, and the date is 19 ASCII bytes).
 */
export function heicPhoto(taken: Date = new Date()): Buffer {
  const bytes = readFileSync(path.join(__dirname, '..', 'fixtures', 'heic', 'bottles.heic'));
  const from = Buffer.from(HEIC_TAKEN, 'ascii');
  const to = Buffer.from(exifDateTimeOf(taken), 'ascii');
  let at = bytes.indexOf(from);
  if (at < 0) throw new Error('bottles.heic has no capture time to rewrite');
  for (; at >= 0; at = bytes.indexOf(from, at + from.length)) to.copy(bytes, at);
  return bytes;
}

/** The JPEG bottles.heic was made from (same scene and size; capture time `taken`, default the fixture's). */
export async function heicPhotoSource(taken: Date = new Date('2026-12-06T01:15:00Z')): Promise<Buffer> {
  const photo = await petPhoto({ seed: 11, taken: { at: taken } });
  return sharp(photo).keepExif().resize(1600, 1200, { fit: 'contain', background: '#9e9486' }).jpeg({ quality: 92 }).toBuffer();
}
