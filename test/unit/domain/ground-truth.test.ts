import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HELD_OUT_SHARE, isLabelClass, LABEL_CLASSES, splitFor } from '../../../domain/ground-truth';
import { fnv1a32, stableUnit } from '../../../domain/stable-hash';

/** 24-hex ids like ObjectIds: a timestamp part and a counter. */
const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `${(0x67a00000 + i * 37).toString(16)}0000aabbcc${i.toString(16).padStart(6, '0')}`);

describe('ground truth rules', () => {
  it('hashes with 32-bit FNV-1a (published test vectors)', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
    assert.ok(stableUnit('x') >= 0 && stableUnit('x') < 1);
  });

  it('gives a sample the same split every time', () => {
    for (const id of ids(50)) assert.equal(splitFor(id), splitFor(id));
  });

  it('holds out about 20 % of samples', () => {
    const all = ids(5000);
    const heldOut = all.filter((id) => splitFor(id) === 'heldout').length / all.length;
    assert.ok(Math.abs(heldOut - HELD_OUT_SHARE) < 0.025, `held out ${heldOut}`);
  });

  it('knows the detector classes and nothing else', () => {
    assert.deepEqual([...LABEL_CLASSES], ['plastic', 'label', 'can']);
    assert.ok(isLabelClass('label'));
    assert.ok(!isLabelClass('bottle'));
    assert.ok(!isLabelClass('__proto__'));
  });
});
