import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RgbImage, type SampledCrop, sampleCrop } from '../../../activities/images/detector/two-stage/crop-sampling';
import { bandBox, bandsOf, DEFAULT_STAGE_TWO_RULES, decideCrop, measureCrop } from '../../../activities/images/detector/two-stage/stage-two';

type Rgb = readonly [number, number, number];
const ACROSS = 64;
const MARGIN = 32;
const ALONG = 256;
const BACKGROUND: Rgb = [110, 95, 80]; // a wooden table

/** A crop whose margins show `background` and whose object pixels are `body(row, column)`. */
function crop(body: (v: number, u: number) => Rgb, background: Rgb = BACKGROUND): SampledCrop {
  const width = ACROSS + 2 * MARGIN;
  const data = new Uint8Array(width * ALONG * 3);
  for (let v = 0; v < ALONG; v++) {
    for (let u = 0; u < width; u++) {
      const inside = u >= MARGIN && u < width - MARGIN;
      data.set(inside ? body(v, u - MARGIN) : background, (v * width + u) * 3);
    }
  }
  return { width, height: ALONG, data, margin: MARGIN, transposed: false };
}

/** A transparent PET bottle: the background, a little lighter, with a white highlight stripe. */
const clearBody = (_v: number, u: number): Rgb => (u > 18 && u < 24 ? [245, 245, 245] : [122, 108, 95]);

describe('stage 2: plastic / can / label from ink bands', () => {
  it('reads a transparent bottle (background shows through, white highlight) as label-free plastic', () => {
    const f = measureCrop(crop(clearBody));
    assert.equal(f.coverage, 0);
    assert.deepEqual(decideCrop(f, 3.2), { kind: 'plastic', labelled: false, band: null });
  });

  it('finds a saturated printed band across the body as a label, with its rows', () => {
    const f = measureCrop(crop((v, u) => (v >= 100 && v < 160 ? [220, 30, 30] : clearBody(v, u))));
    const d = decideCrop(f, 3.2);
    assert.equal(d.kind, 'plastic');
    assert.equal(d.labelled, true);
    assert.deepEqual(d.band, { start: 100, end: 160 });
  });

  it('counts dark print on a white label as ink', () => {
    const f = measureCrop(crop((v, u) => (v >= 90 && v < 170 ? (u % 8 < 5 ? [20, 20, 20] : [250, 250, 250]) : clearBody(v, u))));
    assert.equal(decideCrop(f, 3.2).labelled, true);
  });

  it('does not take a colourful background seen through a clear bottle for a label', () => {
    const red: Rgb = [200, 40, 40];
    const f = measureCrop(crop(() => [205, 50, 48], red), DEFAULT_STAGE_TWO_RULES);
    assert.equal(f.coverage, 0);
    assert.equal(decideCrop(f, 3.2).labelled, false);
  });

  it('ignores a band shorter than minLabelBand (a cap ring, a rib)', () => {
    const f = measureCrop(crop((v, u) => (v >= 10 && v < 20 ? [30, 60, 220] : clearBody(v, u))));
    assert.equal(decideCrop(f, 3.2).labelled, false);
  });

  it('calls a short object printed over its whole length a can, and a long one a labelled bottle', () => {
    const f = measureCrop(crop(() => [20, 40, 200]));
    assert.equal(f.coverage, 1);
    assert.equal(decideCrop(f, 1.9).kind, 'can');
    const long = decideCrop(f, 3.5);
    assert.equal(long.kind, 'plastic');
    assert.equal(long.labelled, true);
  });

  it('counts pixels on detected text as ink even when they look like the background', () => {
    const c = crop(clearBody);
    const text = new Float32Array(c.width * c.height);
    for (let v = 110; v < 170; v++) text.fill(0.9, v * c.width, (v + 1) * c.width);
    const f = measureCrop(c, DEFAULT_STAGE_TWO_RULES, text);
    assert.deepEqual(decideCrop(f, 3.2).band, { start: 110, end: 170 });
    assert.throws(() => measureCrop(c, DEFAULT_STAGE_TWO_RULES, new Float32Array(3)), RangeError);
  });
});

describe('ink bands', () => {
  const rules = { inkedRow: 0.5, bandGap: 2 };
  it('joins inked rows across gaps of at most bandGap rows and returns the longest band', () => {
    const ink = Float32Array.from([0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0]);
    const r = bandsOf(ink, rules);
    assert.deepEqual(r.band, { start: 1, end: 7 });
    assert.equal(r.coverage, 5 / 12);
  });

  it('has no band without inked rows', () => {
    assert.deepEqual(bandsOf(new Float32Array(5), rules), { coverage: 0, band: null });
  });

  it('maps a band back along the long axis of the box', () => {
    const box = { x1: 100, y1: 50, x2: 140, y2: 250 };
    assert.deepEqual(bandBox(box, { start: 64, end: 128 }, 256, false), { x1: 100, y1: 100, x2: 140, y2: 150 });
    const lying = { x1: 0, y1: 10, x2: 256, y2: 60 };
    assert.deepEqual(bandBox(lying, { start: 64, end: 128 }, 256, true), { x1: 64, y1: 10, x2: 128, y2: 60 });
  });
});

describe('crop sampling', () => {
  /** 40 × 20 image: left half red, right half blue. */
  const img: RgbImage = (() => {
    const width = 40;
    const height = 20;
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(x < 20 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
    return { width, height, data };
  })();

  it('samples an upright box with margins on both sides', () => {
    const c = sampleCrop(img, { x1: 10, y1: 0, x2: 20, y2: 20 }, { across: 10, along: 20, margin: 5 });
    assert.equal(c.transposed, false);
    assert.deepEqual([c.width, c.height, c.margin], [20, 20, 5]);
    const px = (v: number, u: number): number[] => Array.from(c.data.subarray((v * c.width + u) * 3, (v * c.width + u) * 3 + 3));
    assert.deepEqual(px(10, 5), [255, 0, 0]); // inside the box, red half
    assert.deepEqual(px(10, 19), [0, 0, 255]); // right margin lies in the blue half
  });

  it('turns a wide box so that rows run along its long side', () => {
    const c = sampleCrop(img, { x1: 0, y1: 5, x2: 40, y2: 15 }, { across: 10, along: 40, margin: 2 });
    assert.equal(c.transposed, true);
    const px = (v: number, u: number): number[] => Array.from(c.data.subarray((v * c.width + u) * 3, (v * c.width + u) * 3 + 3));
    assert.deepEqual(px(5, 7), [255, 0, 0]); // early rows: the left (red) end
    assert.deepEqual(px(35, 7), [0, 0, 255]); // late rows: the right (blue) end
  });
});
