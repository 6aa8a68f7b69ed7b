import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { acceptImage } from '../../../control/ecopoint-upload';
import { DUPLICATE_MAX_DISTANCE, hammingDistance, perceptualHash } from '../../../activities/ecopoints/image-hashes';
import { inspectUpload } from '../../../activities/ecopoints/inspect-upload';
import { makePreview } from '../../../activities/ecopoints/upload-preview';
import { decodeHeic } from '../../../activities/images/heic-decoder';
import { heicPhoto, heicPhotoSource, petPhoto } from '../../support/ecopoint-images';

describe('what the upload accepts, by the bytes', () => {
  it('accepts a JPEG photo and hashes the bytes as sent', async () => {
    const photo = await petPhoto({ seed: 2 });
    const accepted = await acceptImage(photo);
    assert.equal(accepted.contentType, 'image/jpeg');
    assert.equal(accepted.decodable, photo, 'nothing to decode first');
  });

  it('decodes a HEIC photo (HEVC, as iPhones save them): the same picture as the JPEG it was made from, its EXIF read from the original', { timeout: 60_000 }, async () => {
    const heic = heicPhoto(new Date('2026-12-06T03:00:00Z'));
    assert.equal((await sharp(heic).metadata()).compression, 'hevc', 'the fixture is HEVC inside');
    await assert.rejects(sharp(heic).resize(8).raw().toBuffer(), 'sharp alone cannot decode it (no HEVC decoder in its libvips)');
    const accepted = await acceptImage(heic);
    assert.equal(accepted.contentType, 'image/heic');
    const meta = await sharp(accepted.decodable).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height, meta.exif], ['jpeg', 1600, 1200, undefined], 'a JPEG of the pixels, without metadata');
    const distance = hammingDistance(await perceptualHash(accepted.decodable), await perceptualHash(await heicPhotoSource()));
    assert.ok(distance <= DUPLICATE_MAX_DISTANCE, `the HEIC copy of a photo is its duplicate (distance ${distance})`);
    const inspection = await inspectUpload(heic, accepted.decodable);
    assert.equal(inspection.takenAt, '2026-12-06T12:00:00+09:00', 'the capture time from the HEIC file\'s EXIF');
    assert.equal(inspection.fingerprint.phash, await perceptualHash(accepted.decodable));
    const preview = await makePreview(accepted.decodable);
    assert.deepEqual([preview.width, preview.height, preview.rawWidth, preview.rawHeight], [1600, 1200, 1600, 1200]);
  });

  it('refuses a HEIC photo larger than the pixel limit before decoding it', async () => {
    await assert.rejects(decodeHeic(heicPhoto(), { maxPixels: 1_000_000 }), /1600×1200 pixels is not decoded/);
  });

  it('refuses a HEIC file it cannot decode with a message that says what to do', async () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic'), Buffer.alloc(200)]);
    await assert.rejects(acceptImage(heic), (err: { code?: string; message?: string }) => {
      assert.equal(err.code, 'ImgInvalid');
      assert.match(err.message ?? '', /HEIC/);
      assert.match(err.message ?? '', /높은 호환성/);
      return true;
    });
    const truncated = heicPhoto().subarray(0, 30_000);
    await assert.rejects(acceptImage(truncated), { code: 'ImgInvalid' });
  });

  it('refuses more than 16 MB with ImgOverSize before looking further', async () => {
    await assert.rejects(acceptImage(Buffer.alloc(16 * 1024 * 1024 + 1)), { code: 'ImgOverSize' });
  });

  it('refuses text named like a photo with ImgInvalid', async () => {
    await assert.rejects(acceptImage(Buffer.from('<html>not a photo</html>')), { code: 'ImgInvalid' });
  });
});
