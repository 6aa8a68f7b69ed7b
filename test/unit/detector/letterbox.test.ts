import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  boxToOriginal,
  LETTERBOX_PAD,
  letterboxGeometry,
  roundHalfEven,
  toInputTensor,
} from '../../../activities/images/detector/letterbox';

describe('letterbox arithmetic (YOLOv5)', () => {
  it('rounds halves to even, like Python round()', () => {
    assert.deepEqual([0.5, 1.5, 2.5, 3.5, -1.5, 2.4999, 2.5001].map(roundHalfEven), [0, 2, 2, 4, -2, 2, 3]);
  });

  it('fits a landscape photo to the width and pads top and bottom equally', () => {
    const g = letterboxGeometry(1024, 576);
    assert.equal(g.gain, 0.625);
    assert.deepEqual([g.newWidth, g.newHeight, g.left, g.top], [640, 360, 0, 140]);
  });

  it('puts the odd padding pixel at the bottom / right, as YOLOv5 does', () => {
    const g = letterboxGeometry(640, 479); // 161 rows of padding: 80 on top, 81 below
    assert.deepEqual([g.newWidth, g.newHeight, g.top], [640, 479, 80]);
    const h = letterboxGeometry(333, 640); // 307 columns: 153 left, 154 right
    assert.deepEqual([h.newWidth, h.left], [333, 153]);
  });

  it('scales small images up to the input size', () => {
    const g = letterboxGeometry(320, 240);
    assert.deepEqual([g.gain, g.newWidth, g.newHeight, g.left, g.top], [2, 640, 480, 0, 80]);
  });

  it('rejects empty sizes', () => {
    assert.throws(() => letterboxGeometry(0, 10), RangeError);
  });

  it('maps a box back to original pixels and clips it to the image', () => {
    const g = letterboxGeometry(1024, 576);
    const b = boxToOriginal({ x1: 64, y1: 140, x2: 640, y2: 700 }, g);
    assert.deepEqual(b, { x1: 102.4, y1: 0, x2: 1024, y2: 576 });
  });

  it('maps the centre of the input to the centre of a portrait image', () => {
    const g = letterboxGeometry(480, 640);
    const b = boxToOriginal({ x1: 310, y1: 310, x2: 330, y2: 330 }, g);
    assert.deepEqual(b, { x1: 230, y1: 310, x2: 250, y2: 330 });
  });
});

describe('input tensor', () => {
  it('lays out RGB as CHW divided by 255, padded with 114', () => {
    const g = letterboxGeometry(4, 2, 4); // 4x2 into 4x4: one pad row above, one below
    const rgb = new Uint8Array(4 * 2 * 3);
    for (let i = 0; i < rgb.length; i += 3) [rgb[i], rgb[i + 1], rgb[i + 2]] = [255, 0, 51];
    const t = toInputTensor(rgb, g);
    assert.equal(t.length, 3 * 16);
    assert.equal(t[0], Math.fround(LETTERBOX_PAD / 255)); // R, row 0 is padding
    assert.equal(t[4], 1); // R, row 1
    assert.equal(t[16 + 4], 0); // G plane
    assert.equal(t[32 + 4], Math.fround(0.2)); // B plane: 51 / 255
    assert.equal(t[15], Math.fround(LETTERBOX_PAD / 255)); // R, last row is padding
  });

  it('refuses pixels that do not match the geometry', () => {
    assert.throws(() => toInputTensor(new Uint8Array(5), letterboxGeometry(4, 2, 4)), RangeError);
  });
});
