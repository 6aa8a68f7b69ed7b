import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptableImageType } from '../../../control/ecopoint-upload';
import { petPhoto } from '../../support/ecopoint-images';

describe('what the upload accepts, by the bytes', () => {
  it('accepts a JPEG photo', async () => {
    assert.equal(await acceptableImageType(await petPhoto({ seed: 2 })), 'image/jpeg');
  });

  it('refuses a HEIC file it cannot decode with a message that says what to do', async () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic'), Buffer.alloc(200)]);
    await assert.rejects(acceptableImageType(heic), (err: { code?: string; message?: string }) => {
      assert.equal(err.code, 'ImgInvalid');
      assert.match(err.message ?? '', /HEIC/);
      assert.match(err.message ?? '', /높은 호환성/);
      return true;
    });
  });

  it('refuses more than 16 MB with ImgOverSize before looking further', async () => {
    await assert.rejects(acceptableImageType(Buffer.alloc(16 * 1024 * 1024 + 1)), { code: 'ImgOverSize' });
  });

  it('refuses text named like a photo with ImgInvalid', async () => {
    await assert.rejects(acceptableImageType(Buffer.from('<html>not a photo</html>')), { code: 'ImgInvalid' });
  });
});
