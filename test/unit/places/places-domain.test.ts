import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distanceMeters, isInsideKorea, placeNameKey, roundedPosition, SEOUL_CITY_HALL } from '../../../domain/places';

describe('places domain rules', () => {
  it('rounds a logged position to 0.01° (about 1 km)', () => {
    assert.deepEqual(roundedPosition({ lat: 37.566345, lng: 126.977893 }), { lat: 37.57, lng: 126.98 });
  });

  it('knows Korea from Jeju to Dokdo and nothing beyond', () => {
    assert.ok(isInsideKorea(SEOUL_CITY_HALL));
    assert.ok(isInsideKorea({ lat: 33.25, lng: 126.56 }));
    assert.ok(isInsideKorea({ lat: 37.24, lng: 131.87 }));
    assert.ok(!isInsideKorea({ lat: 35.68, lng: 139.69 }));
    assert.ok(!isInsideKorea({ lat: 39.03, lng: 125.75 }));
  });

  it('measures Seoul City Hall to Gangnam station as about 8.9 km', () => {
    const d = distanceMeters(SEOUL_CITY_HALL, { lat: 37.4979, lng: 127.0276 });
    assert.ok(Math.abs(d - 8_860) < 150, String(d));
  });

  it('compares names without spaces, case and punctuation', () => {
    assert.equal(placeNameKey('Green Bottle · 리필'), placeNameKey('green-bottle리필'));
  });
});
