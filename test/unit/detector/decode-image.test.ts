import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { isCiaoError } from '../../../domain/errors';
import { inspectImage, prepareForModel } from '../../../activities/images/detector/decode-image';

const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 30, b: 60, alpha: 0.5 } } });

/** Left half red, right half blue. */
async function halves(width: number, height: number): Promise<sharp.Sharp> {
  const blue = await sharp({ create: { width: width / 2, height, channels: 3, background: '#0000ff' } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#ff0000' } }).composite([{ input: blue, left: width / 2, top: 0 }]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A small PNG file whose header claims `width` x `height` pixels (a decompression bomb's shape). */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

async function rejects(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => isCiaoError(err) && err.code === code);
}

describe('image checks before detection', () => {
  it('rejects a file that is not an image with ImgInvalid', async () => {
    await rejects(prepareForModel(Buffer.from('this is a text file, not a photo')), 'ImgInvalid');
  });

  it('rejects an empty file with ImgInvalid', async () => {
    await rejects(inspectImage(Buffer.alloc(0)), 'ImgInvalid');
  });

  it('rejects a truncated JPEG with ImgInvalid', async () => {
    const jpeg = await (await halves(256, 256)).jpeg().toBuffer();
    await rejects(prepareForModel(jpeg.subarray(0, Math.floor(jpeg.length * 0.6))), 'ImgInvalid');
  });

  it('rejects a JPEG with corrupt data in the middle with ImgInvalid', async () => {
    const jpeg = Buffer.from(await (await halves(256, 256)).jpeg().toBuffer());
    jpeg.fill(0xff, Math.floor(jpeg.length / 2), Math.floor(jpeg.length / 2) + 64);
    await rejects(prepareForModel(jpeg), 'ImgInvalid');
  });

  it('rejects a CMYK JPEG with ImgInvalid', async () => {
    const cmyk = await solid(64, 64).toColourspace('cmyk').jpeg().toBuffer();
    assert.equal((await sharp(cmyk).metadata()).space, 'cmyk');
    await rejects(prepareForModel(cmyk), 'ImgInvalid');
  });

  it('rejects a file over the byte limit with ImgOverSize', async () => {
    const png = await solid(64, 64).png().toBuffer();
    await rejects(inspectImage(png, { maxBytes: png.length - 1 }), 'ImgOverSize');
  });

  it('rejects an image declaring 50000 x 50000 pixels with ImgOverSize, before decoding it', async () => {
    await rejects(inspectImage(pngHeader(50_000, 50_000)), 'ImgOverSize');
  });

  it('rejects an unsupported format (SVG) with ImgInvalid', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    await rejects(inspectImage(svg), 'ImgInvalid');
  });

  it('honours EXIF orientation: a photo stored sideways is measured and decoded upright', async () => {
    // Orientation 6: shown rotated 90 degrees clockwise, so the stored left half (red) ends up on top.
    const jpeg = await (await halves(64, 32)).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const info = await inspectImage(jpeg);
    assert.deepEqual([info.width, info.height, info.orientation], [32, 64, 6]);
    const p = await prepareForModel(jpeg);
    assert.deepEqual([p.geometry.newWidth, p.geometry.newHeight], [320, 640]);
    const at = (x: number, y: number) => Array.from(p.rgb.subarray((y * 320 + x) * 3, (y * 320 + x) * 3 + 3));
    const [r1, , b1] = at(160, 100);
    const [r2, , b2] = at(160, 540);
    assert.ok(r1! > 200 && b1! < 60, `top should be red, got ${at(160, 100).join(',')}`);
    assert.ok(b2! > 200 && r2! < 60, `bottom should be blue, got ${at(160, 540).join(',')}`);
  });

  it('drops alpha and expands greyscale to RGB', async () => {
    const rgba = await prepareForModel(await solid(100, 50, 4).png().toBuffer());
    assert.equal(rgba.rgb.length, 640 * 320 * 3);
    const grey = await prepareForModel(await solid(50, 50).greyscale().png().toBuffer());
    assert.equal(grey.rgb.length, 640 * 640 * 3);
  });
});
