import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { captureDay, checkTakenToday, offsetMinutes, readCaptureTime } from '../../../activities/ecopoints/photo-date';
import { petPhoto } from '../../support/ecopoint-images';

// 2026-12-06 10:00 in Korea = 01:00 UTC.
const NOW = new Date('2026-12-06T01:00:00Z');
const wall = (iso: string) => new Date(`${iso}Z`);

describe('EXIF "taken today" rule (Asia/Seoul)', () => {
  it('accepts a photo taken earlier today in Korea', () => {
    const v = checkTakenToday({ wallClock: wall('2026-12-06T08:30:00'), offset: '+09:00' }, NOW);
    assert.equal(v.ok, true);
  });

  it('refuses a photo taken yesterday with ImgNotToday', () => {
    const v = checkTakenToday({ wallClock: wall('2026-12-05T23:59:59'), offset: '+09:00' }, NOW);
    assert.equal(!v.ok && v.code, 'ImgNotToday');
  });

  it('refuses a photo without DateTimeOriginal with ImgNoMeta', () => {
    assert.deepEqual(checkTakenToday(null, NOW), { ok: false, code: 'ImgNoMeta' });
  });

  it('reads the naive camera time as Korea time when there is no offset', () => {
    assert.equal(captureDay({ wallClock: wall('2026-12-06T00:10:00'), offset: null }), '2026-12-06');
  });

  it('moves the day by the camera offset: 2026-12-05 20:00 in New York (-05:00) is 12-06 10:00 in Seoul', () => {
    const v = checkTakenToday({ wallClock: wall('2026-12-05T20:00:00'), offset: '-05:00' }, NOW);
    assert.equal(v.ok, true);
  });

  it('uses the Korea day, not UTC: 2026-12-06 08:00 KST is still 12-05 in UTC', () => {
    const now = new Date('2026-12-05T23:30:00Z'); // 08:30 KST on 12-06
    assert.equal(checkTakenToday({ wallClock: wall('2026-12-06T08:00:00'), offset: '+09:00' }, now).ok, true);
  });

  it('ignores a malformed offset (reads the wall clock as Korea time)', () => {
    assert.equal(offsetMinutes('+9'), null);
    assert.equal(offsetMinutes('+15:00'), null);
    assert.equal(offsetMinutes('-03:30'), -210);
  });

  it('reads DateTimeOriginal and OffsetTimeOriginal from a JPEG written with sharp', async () => {
    const jpeg = await petPhoto({ taken: { at: new Date('2026-12-06T01:02:03Z') } });
    const time = readCaptureTime((await sharp(jpeg).metadata()).exif);
    assert.equal(time?.wallClock.toISOString(), '2026-12-06T10:02:03.000Z');
    assert.equal(time?.offset, '+09:00');
  });

  it('finds no capture time in a JPEG without a date', async () => {
    const jpeg = await petPhoto({ taken: { at: null } });
    assert.equal(readCaptureTime((await sharp(jpeg).metadata()).exif), null);
  });
});
