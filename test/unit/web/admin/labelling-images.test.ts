import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { editorImage, fittedSize, thumbnailBoxesSvg, thumbnailImage } from '../../../../web/admin/labelling/sample-image';

/** A grey 1200 × 900 JPEG with EXIF (camera, GPS) and orientation `orientation`. */
async function photo(orientation = 1): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: '#808080' } })
    .withExif({ IFD0: { Make: 'Ciao', Model: 'TestCam 1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 32/1 0/1' } })
    .withMetadata({ orientation })
    .jpeg()
    .toBuffer();
}

describe('labelling images', () => {
  it('fits an image into a side without enlarging it', () => {
    assert.deepEqual(fittedSize({ width: 4032, height: 3024 }, 320), { width: 320, height: 240 });
    assert.deepEqual(fittedSize({ width: 960, height: 1280 }, 1600), { width: 960, height: 1280 });
    assert.deepEqual(fittedSize({ width: 3024, height: 4032 }, 1600), { width: 1200, height: 1600 });
  });

  it('draws the model boxes scaled to the thumbnail, in the class colours', () => {
    const svg = thumbnailBoxesSvg([{ className: 'label', confidence: 0.5, box: { x1: 400, y1: 300, x2: 800, y2: 600 } }], { width: 1200, height: 900 }, { width: 320, height: 240 });
    assert.match(svg, /<rect x="106.7" y="80.0" width="106.7" height="80.0" fill="none" stroke="#ff1744"/);
  });

  it('makes a thumbnail without metadata, with the boxes drawn', async () => {
    const raw = await photo();
    assert.ok((await sharp(raw).metadata()).exif);
    const thumb = await thumbnailImage(raw, { width: 1200, height: 900 }, [{ className: 'plastic', confidence: 0.9, box: { x1: 300, y1: 300, x2: 900, y2: 600 } }]);
    const meta = await sharp(thumb).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height, meta.exif], ['jpeg', 320, 240, undefined]);
    assert.ok(!thumb.includes(Buffer.from('TestCam')));
    // The box's left edge (x = 80) is green, the middle stays grey.
    const { data, info } = await sharp(thumb).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const [r, g, b] = at(80, 120);
    assert.ok((g ?? 0) > 150 && (r ?? 255) < 100 && (b ?? 255) < 140, `edge ${at(80, 120).join()}`);
    assert.ok(Math.abs((at(160, 120)[1] ?? 0) - 128) < 20, 'inside untouched');
  });

  it('serves the editor image upright and without metadata', async () => {
    const out = await editorImage(await photo(6), { width: 900, height: 1200 });
    const meta = await sharp(out).metadata();
    assert.deepEqual([meta.width, meta.height, meta.orientation, meta.exif], [900, 1200, undefined, undefined]);
  });
});
