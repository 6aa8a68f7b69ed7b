import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandHomes, bandProbes, bitsToHex, DUPLICATE_MAX_DISTANCE, fingerprintImage, hammingDistance } from '../../../activities/ecopoints/image-hashes';
import { copyOf, petPhoto } from '../../support/ecopoint-images';

/** Flips `n` distinct bits of a hex hash, spread over the bands. */
function flip(hash: string, positions: readonly number[]): string {
  let v = BigInt(`0x${hash}`);
  for (const p of positions) v ^= 1n << BigInt(p);
  return v.toString(16).padStart(16, '0');
}

describe('image fingerprints and the banded index', () => {
  it('turns 64 bits into 16 hex digits', () => {
    assert.equal(bitsToHex('1'.repeat(4) + '0'.repeat(60)), 'f000000000000000');
    assert.throws(() => bitsToHex('0101'));
  });

  it('counts differing bits', () => {
    assert.equal(hammingDistance('0000000000000000', 'ffffffffffffffff'), 64);
    assert.equal(hammingDistance('00000000000000f0', '0000000000000010'), 3);
  });

  it('probes reach every stored hash within the threshold (pigeonhole over 4 bands)', () => {
    const stored = 'a3c95e01774dd2f8';
    for (let trial = 0; trial < 500; trial++) {
      const positions = new Set<number>();
      while (positions.size < DUPLICATE_MAX_DISTANCE) positions.add(Math.floor(Math.random() * 64));
      const query = flip(stored, [...positions]);
      const probes = new Set(bandProbes(query));
      assert.ok(bandHomes(stored).some((home) => probes.has(home)), `distance ${hammingDistance(stored, query)} found`);
    }
  });

  it('has 68 probes per lookup', () => {
    assert.equal(new Set(bandProbes('0123456789abcdef')).size, 68);
  });

  it('keeps re-encoded, resized and 1 % cropped copies within the threshold and other scenes far away', async () => {
    const photo = await petPhoto({ seed: 3 });
    const base = await fingerprintImage(photo);
    for (const kind of ['reencode', 'resize', 'png'] as const) {
      const copy = await fingerprintImage(await copyOf(photo, kind));
      assert.notEqual(copy.sha256, base.sha256, `${kind} changes the bytes`);
      assert.ok(hammingDistance(copy.phash, base.phash) <= 2, `${kind} copy is near`);
    }
    assert.ok(hammingDistance((await fingerprintImage(await copyOf(photo, 'crop', 1))).phash, base.phash) <= DUPLICATE_MAX_DISTANCE);
    const other = await fingerprintImage(await petPhoto({ seed: 4 }));
    assert.ok(hammingDistance(other.phash, base.phash) > 2 * DUPLICATE_MAX_DISTANCE);
  });
});
