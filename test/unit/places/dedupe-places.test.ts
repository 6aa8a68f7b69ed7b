import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dedupePlaces, type PlacedRow } from '../../../activities/places/dedupe-places';

const place = (name: string, lat: number, lng: number, extra: Partial<PlacedRow> = {}): PlacedRow => ({
  origin: `s:${name}:${lat}`,
  source: 's',
  name,
  kind: 'refill_shop',
  roadAddress: null,
  lotAddress: null,
  lat,
  lng,
  phone: null,
  hours: null,
  demo: false,
  ...extra,
});

describe('de-duplicating places', () => {
  it('merges the same name within 50 m, keeping the first and filling its gaps', () => {
    // 0.0003° of latitude ≈ 33 m.
    const { places, duplicates } = dedupePlaces([place('채움 리필', 37.5, 127.0, { hours: '10-20' }), place('채움리필', 37.5003, 127.0, { phone: '02-0123-4567' })]);
    assert.equal(places.length, 1);
    assert.equal(places[0]?.hours, '10-20');
    assert.equal(places[0]?.phone, '02-0123-4567');
    assert.equal(duplicates[0]?.distanceM, 33);
  });

  it('keeps the same name 80 m apart, and different names at one spot', () => {
    assert.equal(dedupePlaces([place('채움리필', 37.5, 127.0), place('채움리필', 37.5007, 127.0)]).places.length, 2);
    assert.equal(dedupePlaces([place('채움리필', 37.5, 127.0), place('다시채움', 37.5, 127.0)]).places.length, 2);
  });
});
