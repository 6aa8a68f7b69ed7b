import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomStream } from '../../../../activities/logs/loadgen/seeded-random';
import { distanceMeters } from '../../../../domain/places';
import { PlaceGrid } from '../../../../web/site/places/place-grid';

/** Great-circle distance in km (the project's `distanceMeters`) — the measure the count must agree with. */
const greatCircleKm = (lng1: number, lat1: number, lng2: number, lat2: number): number => distanceMeters({ lat: lat1, lng: lng1 }, { lat: lat2, lng: lng2 }) / 1000;

describe('PlaceGrid.countWithin', () => {
  // Dense Seoul plus a scatter over the whole of Korea, three kinds.
  const random = randomStream(11);
  const n = 30_000;
  const lats = new Float64Array(n);
  const lngs = new Float64Array(n);
  const kinds = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const seoul = i % 3 !== 0;
    lats[i] = seoul ? 37.45 + random() * 0.25 : 33.1 + random() * 5.5;
    lngs[i] = seoul ? 126.8 + random() * 0.35 : 124.6 + random() * 7.3;
    kinds[i] = Math.floor(random() * 3);
  }
  const grid = new PlaceGrid(lats, lngs, kinds);
  const brute = (lat: number, lng: number, r: number, mask: number): number => {
    let total = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << (kinds[i] ?? 0)) && greatCircleKm(lng, lat, lngs[i] ?? 0, lats[i] ?? 0) <= r) total++;
    return total;
  };

  it('counts what a brute-force great-circle count finds, for any centre, radius and kinds', () => {
    const q = randomStream(5);
    for (let k = 0; k < 300; k++) {
      const inSeoul = k % 2 === 0;
      const lat = inSeoul ? 37.45 + q() * 0.25 : 33.1 + q() * 5.5;
      const lng = inSeoul ? 126.8 + q() * 0.35 : 124.6 + q() * 7.3;
      const r = 1 + Math.floor(q() * 20);
      const mask = k % 3 === 0 ? 0xff : 1 << Math.floor(q() * 3);
      assert.equal(grid.countWithin(lat, lng, r, mask, greatCircleKm), brute(lat, lng, r, mask), `(${lat}, ${lng}) r=${r} mask=${mask}`);
    }
  });

  it('counts places exactly on the edge the way the great-circle distance decides them', () => {
    const one = new PlaceGrid(new Float64Array([37.5663 + 5 / 111.19]), new Float64Array([126.9779]), new Uint8Array([0]));
    const d = greatCircleKm(126.9779, 37.5663, 126.9779, 37.5663 + 5 / 111.19);
    assert.equal(one.countWithin(37.5663, 126.9779, d, 0xff, greatCircleKm), 1);
    assert.equal(one.countWithin(37.5663, 126.9779, d - 1e-6, 0xff, greatCircleKm), 0);
    assert.equal(one.countWithin(37.5663, 126.9779, 20, 0b10, greatCircleKm), 0, 'not a wanted kind');
  });
});
