import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groundTruthVerdict, verdictsDiffer } from '../../../../web/admin/labelling/appeal-review';
import { boxFromCorners, boxProblems, centredBox, growBox, handlePoint, isDrawable, MAX_BOXES, moveBox, rawPerScreen, resizeBox, roundBox, toImagePoint, toScreenPoint } from '../../../../web/admin/labelling/box-geometry';
import { bandOf, dailyRank, hasDetectionInBand, pageSlices, pickDaily, randomWindow } from '../../../../web/admin/labelling/queue-rules';

const size = { width: 4032, height: 3024 };
const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `65f1c0de00000000${i.toString(16).padStart(8, '0')}`);

describe('labelling queue: confidence band', () => {
  it('defaults to 0.3–0.7 and reads, clamps and orders what the query gives', () => {
    assert.deepEqual(bandOf(undefined, undefined), { lo: 0.3, hi: 0.7 });
    assert.deepEqual(bandOf('', ''), { lo: 0.3, hi: 0.7 });
    assert.deepEqual(bandOf('0.2', '0.9'), { lo: 0.2, hi: 0.9 });
    assert.deepEqual(bandOf('0.8', '0.4'), { lo: 0.4, hi: 0.8 });
    assert.deepEqual(bandOf('1.5', 'abc'), { lo: 0.7, hi: 1 });
  });

  it('finds a sample with any detection inside the band, ends included', () => {
    const band = { lo: 0.3, hi: 0.7 };
    assert.ok(hasDetectionInBand([{ confidence: 0.95 }, { confidence: 0.5 }], band));
    assert.ok(hasDetectionInBand([{ confidence: 0.3 }], band));
    assert.ok(hasDetectionInBand([{ confidence: 0.7 }], band));
    assert.ok(!hasDetectionInBand([{ confidence: 0.29 }, { confidence: 0.71 }], band));
    assert.ok(!hasDetectionInBand([], band));
    assert.ok(!hasDetectionInBand(null, band));
  });
});

describe('labelling queue: daily random pick', () => {
  it('picks the same few ids all day, whatever their order', () => {
    const all = ids(200);
    const a = pickDaily(all, '2026-12-06', 5);
    const b = pickDaily([...all].reverse(), '2026-12-06', 5);
    assert.equal(a.length, 5);
    assert.deepEqual(a, b);
    assert.equal(new Set(a).size, 5);
  });

  it('picks another set on another day', () => {
    const all = ids(200);
    const days = ['2026-12-06', '2026-12-07', '2026-12-08'].map((d) => pickDaily(all, d, 5).join());
    assert.equal(new Set(days).size, 3);
  });

  it('picks every id at about the same rate over many days', () => {
    const all = ids(20);
    const hits = new Map<string, number>();
    for (let d = 0; d < 400; d++) {
      const day = new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
      for (const id of pickDaily(all, day, 5)) hits.set(id, (hits.get(id) ?? 0) + 1);
    }
    // 400 days × 5 of 20 = 100 each on average.
    for (const id of all) assert.ok((hits.get(id) ?? 0) > 60 && (hits.get(id) ?? 0) < 140, `${id}: ${hits.get(id)}`);
  });

  it('returns fewer when there are fewer, and nothing for a count of 0', () => {
    assert.deepEqual(pickDaily(ids(3), '2026-12-06', 5).sort(), ids(3).sort());
    assert.deepEqual(pickDaily(ids(3), '2026-12-06', 0), []);
    assert.ok(dailyRank('a', '2026-12-06') >= 0 && dailyRank('a', '2026-12-06') < 1);
  });

  it('takes the 7 Korea days ending with the day', () => {
    const w = randomWindow('2026-12-06');
    assert.equal(w.to.toISOString(), '2026-12-06T15:00:00.000Z');
    assert.equal(w.from.toISOString(), '2026-11-29T15:00:00.000Z');
  });
});

describe('labelling queue: paging across sources', () => {
  const counts = [
    { source: 'appealed', count: 3 },
    { source: 'unsure', count: 10 },
    { source: 'random', count: 5 },
  ] as const;

  it('cuts the first page out of the first sources', () => {
    assert.deepEqual(pageSlices(counts, 0, 5), [
      { source: 'appealed', skip: 0, limit: 3 },
      { source: 'unsure', skip: 0, limit: 2 },
    ]);
  });

  it('continues where the page before ended, across a source border', () => {
    assert.deepEqual(pageSlices(counts, 10, 5), [
      { source: 'unsure', skip: 7, limit: 3 },
      { source: 'random', skip: 0, limit: 2 },
    ]);
  });

  it('gives nothing past the end and skips empty sources', () => {
    assert.deepEqual(pageSlices(counts, 18, 5), []);
    assert.deepEqual(pageSlices([{ source: 'a', count: 0 }, { source: 'b', count: 2 }], 0, 5), [{ source: 'b', skip: 0, limit: 2 }]);
  });
});

describe('labelling editor: scale conversion', () => {
  // A 4032 × 3024 photo shown at 800 × 600 at (100, 50) on the screen.
  const rect = { left: 100, top: 50, width: 800, height: 600 };

  it('maps a pointer on the shown image to raw image pixels', () => {
    assert.deepEqual(toImagePoint(100, 50, rect, size), { x: 0, y: 0 });
    assert.deepEqual(toImagePoint(500, 350, rect, size), { x: 2016, y: 1512 });
    assert.deepEqual(toImagePoint(900, 650, rect, size), { x: 4032, y: 3024 });
    assert.equal(rawPerScreen(rect, size), 5.04);
  });

  it('clamps a pointer outside the image to its border', () => {
    assert.deepEqual(toImagePoint(0, 1000, rect, size), { x: 0, y: 3024 });
  });

  it('maps back to the same screen point', () => {
    const p = toImagePoint(333, 222, rect, size);
    const back = toScreenPoint(p, rect, size);
    assert.ok(Math.abs(back.x - 333) < 1e-9 && Math.abs(back.y - 222) < 1e-9);
  });

  it('gives the same raw box whatever size the image is shown at', () => {
    const small = { left: 0, top: 0, width: 400, height: 300 };
    const big = { left: 10, top: 10, width: 2016, height: 1512 };
    const a = boxFromCorners(toImagePoint(100, 75, small, size), toImagePoint(200, 150, small, size));
    const b = boxFromCorners(toImagePoint(10 + 504, 10 + 378, big, size), toImagePoint(10 + 1008, 10 + 756, big, size));
    assert.deepEqual(a, b);
    assert.deepEqual(a, { x1: 1008, y1: 756, x2: 2016, y2: 1512 });
  });
});

describe('labelling editor: box edits', () => {
  const box = { x1: 100, y1: 100, x2: 300, y2: 400 };

  it('orders corners drawn in any direction', () => {
    assert.deepEqual(boxFromCorners({ x: 300, y: 400 }, { x: 100, y: 100 }), box);
  });

  it('keeps a moved box whole inside the image', () => {
    assert.deepEqual(moveBox(box, 50, -20, size), { x1: 150, y1: 80, x2: 350, y2: 380 });
    assert.deepEqual(moveBox(box, -500, 10_000, size), { x1: 0, y1: 2724, x2: 200, y2: 3024 });
  });

  it('resizes by a corner or an edge and flips past the opposite side', () => {
    assert.deepEqual(resizeBox(box, 'se', { x: 500, y: 600 }, size), { x1: 100, y1: 100, x2: 500, y2: 600 });
    assert.deepEqual(resizeBox(box, 'n', { x: 999, y: 50 }, size), { x1: 100, y1: 50, x2: 300, y2: 400 });
    assert.deepEqual(resizeBox(box, 'w', { x: 350, y: 0 }, size), { x1: 300, y1: 100, x2: 350, y2: 400 });
    assert.deepEqual(resizeBox(box, 'nw', { x: -10, y: -10 }, size), { x1: 0, y1: 0, x2: 300, y2: 400 });
    assert.deepEqual(handlePoint(box, 'e'), { x: 300, y: 250 });
  });

  it('resizes by the keyboard from the right and bottom sides, never below 2 px nor past the image', () => {
    assert.deepEqual(growBox(box, 10, -20, size), { x1: 100, y1: 100, x2: 310, y2: 380 });
    assert.deepEqual(growBox(box, -1000, 0, size), { x1: 100, y1: 100, x2: 102, y2: 400 });
    assert.deepEqual(growBox(box, 10_000, 10_000, size), { x1: 100, y1: 100, x2: 4032, y2: 3024 });
  });

  it('adds a box in the middle of the image', () => {
    assert.deepEqual(centredBox({ width: 1200, height: 800 }), { x1: 450, y1: 300, x2: 750, y2: 500 });
  });

  it('drops a click without a drag and rounds to 0.1 px inside the image', () => {
    assert.ok(!isDrawable({ x1: 10, y1: 10, x2: 11, y2: 40 }));
    assert.ok(isDrawable({ x1: 10, y1: 10, x2: 12, y2: 12 }));
    assert.deepEqual(roundBox({ x1: -0.4, y1: 10.04, x2: 20.06, y2: 5000 }, size), { x1: 0, y1: 10, x2: 20.1, y2: 3024 });
  });
});

describe('labelling editor: what a confirm may contain', () => {
  const ok = { box: { x1: 0, y1: 0, x2: 4032, y2: 3024 } };

  it('accepts boxes inside the image, and no box at all', () => {
    assert.deepEqual(boxProblems([ok, { box: { x1: 10.5, y1: 20, x2: 11, y2: 21 } }], size), []);
    assert.deepEqual(boxProblems([], size), []);
  });

  it('refuses a box outside the image', () => {
    const problems = boxProblems([ok, { box: { x1: 10, y1: 10, x2: 4033, y2: 100 } }], size);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /2번 상자가 이미지\(4032×3024\) 밖/);
  });

  it('refuses x1 ≥ x2 or y1 ≥ y2', () => {
    assert.match(boxProblems([{ box: { x1: 50, y1: 10, x2: 50, y2: 20 } }], size)[0] ?? '', /x1 < x2/);
    assert.match(boxProblems([{ box: { x1: 10, y1: 30, x2: 50, y2: 20 } }], size)[0] ?? '', /y1 < y2/);
  });

  it('refuses coordinates that are not numbers, and too many boxes', () => {
    assert.match(boxProblems([{ box: { x1: Number.NaN, y1: 0, x2: 1, y2: 1 } }], size)[0] ?? '', /숫자가 아니/);
    assert.match(boxProblems(Array.from({ length: MAX_BOXES + 1 }, () => ok), size)[0] ?? '', /100개까지/);
  });
});

describe('labelling: does the ground truth prove an appeal right', () => {
  const box = { x1: 0, y1: 0, x2: 10, y2: 10 };

  it('applies the eco point 1 rule to the confirmed boxes at confidence 1', () => {
    assert.deepEqual(groundTruthVerdict([{ className: 'plastic', box }, { className: 'plastic', box }]), { accepted: true, points: 20, code: null });
    assert.deepEqual(groundTruthVerdict([{ className: 'plastic', box }, { className: 'label', box }]), { accepted: false, points: 0, code: 'ModelYesLabel' });
    assert.deepEqual(groundTruthVerdict([]), { accepted: false, points: 0, code: 'ModelNoPlastic' });
  });

  it('sees a difference in outcome or in the refusal, not in the points', () => {
    const refusedLabel = { accepted: false, points: 0, code: 'ModelYesLabel' } as const;
    assert.ok(verdictsDiffer(refusedLabel, { accepted: true, points: 10, code: null }));
    assert.ok(verdictsDiffer(refusedLabel, { accepted: false, points: 0, code: 'ModelNoPlastic' }));
    assert.ok(!verdictsDiffer(refusedLabel, { accepted: false, points: 0, code: 'ModelYesLabel' }));
    assert.ok(!verdictsDiffer({ accepted: true, points: 10, code: null }, { accepted: true, points: 20, code: null }));
  });
});
