import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { sniffImageType } from '../../../activities/ecopoints/content-type';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('upload type by magic bytes', () => {
  it('recognises JPEG, PNG and WebP made by sharp', async () => {
    const img = sharp({ create: { width: 4, height: 4, channels: 3, background: '#888' } });
    assert.equal(sniffImageType(await img.clone().jpeg().toBuffer()), 'image/jpeg');
    assert.equal(sniffImageType(await img.clone().png().toBuffer()), 'image/png');
    assert.equal(sniffImageType(await img.clone().webp().toBuffer()), 'image/webp');
  });

  it('recognises a HEIC photo by its ftyp brand', () => {
    assert.equal(sniffImageType(bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0], 'mif1heic')), 'image/heic');
    assert.equal(sniffImageType(bytes([0, 0, 0, 24], 'ftypavif', [0, 0, 0, 0])), 'image/avif');
  });

  it('refuses a PDF, an MP4, text and an empty file whatever their names say', () => {
    assert.equal(sniffImageType(bytes('%PDF-1.7\n')), null);
    assert.equal(sniffImageType(bytes([0, 0, 0, 24], 'ftypisom', [0, 0, 0, 0])), null);
    assert.equal(sniffImageType(bytes('hello.jpg')), null);
    assert.equal(sniffImageType(new Uint8Array()), null);
  });
});
