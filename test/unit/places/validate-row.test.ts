import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlaceSource } from '../../../activities/places/source-spec';
import type { RawPlaceRow } from '../../../activities/places/source-formats';
import { validatePlaceRow } from '../../../activities/places/validate-row';

const source: PlaceSource = { id: 's', name: 's', format: 'csv', location: 'x', columns: { name: 'n' }, kindMap: { 리필: 'refill_shop' }, demo: true };
const row = (fields: RawPlaceRow['fields']): RawPlaceRow => ({ line: 7, fields });
const reasonOf = (fields: RawPlaceRow['fields'], s: PlaceSource = source): string => {
  const v = validatePlaceRow(s, row(fields));
  return v.ok ? 'ok' : v.reject.reason;
};

describe('validating a place row', () => {
  const base = { name: '가게', kind: '리필', roadAddress: '서울 중구 1', lat: '37.5', lng: '127.0' };

  it('accepts a complete row and marks demo data', () => {
    const v = validatePlaceRow(source, row(base));
    assert.ok(v.ok);
    assert.equal(v.row.demo, true);
    assert.equal(v.row.origin, 's:7');
  });

  it('accepts our own kind names and falls back to the default kind', () => {
    assert.equal(reasonOf({ ...base, kind: 'recycling_machine' }), 'ok');
    assert.equal(reasonOf({ ...base, kind: undefined }), 'unknown_kind');
    assert.equal(reasonOf({ ...base, kind: undefined }, { ...source, defaultKind: 'zero_waste_shop' }), 'ok');
  });

  it('refuses coordinates outside Korea, including swapped ones', () => {
    assert.equal(reasonOf({ ...base, lat: '127.0', lng: '37.5' }), 'outside_korea');
    assert.equal(reasonOf({ ...base, lat: '35.68', lng: '139.65' }), 'outside_korea');
    assert.equal(reasonOf({ ...base, lat: '33.11', lng: '126.27' }), 'ok');
  });

  it('refuses comma decimals and one coordinate without the other', () => {
    assert.equal(reasonOf({ ...base, lat: '37,5' }), 'bad_coordinates');
    assert.equal(reasonOf({ ...base, lng: undefined }), 'bad_coordinates');
  });

  it('needs a name, and an address when there are no coordinates', () => {
    assert.equal(reasonOf({ ...base, name: undefined }), 'missing_name');
    assert.equal(reasonOf({ name: '가게', kind: '리필' }), 'missing_address');
    assert.equal(reasonOf({ name: '가게', kind: '리필', lotAddress: '서울 중구 을지로3가 1-1' }), 'ok');
  });

  it('refuses values too long to be real', () => {
    assert.equal(reasonOf({ ...base, name: '가'.repeat(121) }), 'too_long');
  });
});
