import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeSource, readSourceRows } from '../../../activities/places/source-formats';
import type { PlaceSource } from '../../../activities/places/source-spec';
import { validatePlaceRow } from '../../../activities/places/validate-row';

const fixture = (name: string): Uint8Array => readFileSync(join(__dirname, 'fixtures', name));

/** Reads and validates a fixture as `source` would be. */
function load(source: PlaceSource, file: string) {
  const read = readSourceRows(source, decodeSource(source, fixture(file)));
  const checked = read.rows.map((r) => validatePlaceRow(source, r));
  return {
    rows: checked.flatMap((c) => (c.ok ? [c.row] : [])),
    rejects: [...read.rejects, ...checked.flatMap((c) => (c.ok ? [] : [c.reject]))].sort((a, b) => a.line - b.line),
  };
}

const portal: PlaceSource = { id: 'portal', name: 'portal', format: 'data-go-kr', location: 'x.csv', kindMap: { 리필스테이션: 'refill_shop', 제로웨이스트샵: 'zero_waste_shop' } };

describe('the public-data portal layout (data-go-kr)', () => {
  it('reads a CP949 file by the portal’s header variants (업소명, 도로명주소, 연락처, 영업시간)', () => {
    const { rows } = load(portal, 'portal-cp949.csv');
    assert.deepEqual(rows[0], {
      origin: 'portal:2',
      source: 'portal',
      name: '가상리필 테스트점',
      kind: 'refill_shop',
      roadAddress: '서울특별시 마포구 포은로 1',
      lotAddress: '서울특별시 마포구 망원동 1-1',
      lat: 37.5556,
      lng: 126.9019,
      phone: '02-0123-4567',
      hours: '10:00-20:00',
      demo: false,
    });
  });

  it('keeps a row with an address but no coordinates for the geocoder, and refuses the rest with reasons and lines', () => {
    const { rows, rejects } = load(portal, 'portal-cp949.csv');
    assert.deepEqual(
      rows.map((r) => [r.name, r.lat]),
      [
        ['가상리필 테스트점', 37.5556],
        ['가상제로 테스트점', null],
      ],
    );
    assert.deepEqual(
      rejects.map((r) => [r.line, r.reason]),
      [
        [3, 'missing_name'],
        [5, 'outside_korea'],
      ],
    );
  });

  it('reads a UTF-8 file with a BOM the same way, whatever the declared encoding', () => {
    assert.deepEqual(load({ ...portal, encoding: 'euc-kr' }, 'portal-utf8-bom.csv'), load(portal, 'portal-cp949.csv'));
  });
});

describe('a CSV source with declared columns', () => {
  const plain: PlaceSource = {
    id: 'plain',
    name: 'plain',
    format: 'csv',
    location: 'plain.csv',
    columns: { name: 'title', kind: 'category', roadAddress: 'addr', lat: 'y', lng: 'x' },
    kindMap: { refill: 'refill_shop', zero: 'zero_waste_shop' },
  };

  it('maps the columns and quoted fields', () => {
    const { rows } = load(plain, 'plain.csv');
    assert.deepEqual(
      rows.map((r) => [r.name, r.kind, r.lat, r.lng]),
      [
        ['테스트 리필', 'refill_shop', 37.5663, 126.9779],
        ['쉼표, 들어간 이름', 'zero_waste_shop', 37.566, 126.991],
      ],
    );
  });

  it('refuses a short line as malformed and a latitude without longitude, naming the lines', () => {
    const { rejects } = load(plain, 'plain.csv');
    assert.deepEqual(
      rejects.map((r) => [r.line, r.reason, r.name]),
      [
        [4, 'malformed_row', '짧은 줄'],
        [5, 'bad_coordinates', '위도만'],
      ],
    );
  });
});

describe('a GeoJSON source', () => {
  const geo: PlaceSource = { id: 'geo', name: 'geo', format: 'geojson', location: 'machines.geojson', columns: { name: 'title', roadAddress: 'addr' }, defaultKind: 'recycling_machine' };

  it('takes [lng, lat] from Point geometries and the default kind', () => {
    const { rows } = load(geo, 'machines.geojson');
    assert.deepEqual(rows[0], { origin: 'geo:1', source: 'geo', name: '시청 앞 회수기', kind: 'recycling_machine', roadAddress: null, lotAddress: null, lat: 37.5663, lng: 126.9779, phone: null, hours: '24시간', demo: false });
    assert.equal(rows[1]?.name, '주소만 회수기');
    assert.equal(rows[1]?.lat, null);
  });

  it('refuses other geometries and features without properties', () => {
    assert.deepEqual(
      load(geo, 'machines.geojson').rejects.map((r) => [r.line, r.reason]),
      [
        [2, 'bad_coordinates'],
        [4, 'malformed_row'],
      ],
    );
  });

  it('refuses a file that is not a FeatureCollection as a whole', () => {
    const read = readSourceRows(geo, '{"type":"Feature"}');
    assert.deepEqual(read.rows, []);
    assert.equal(read.rejects[0]?.reason, 'malformed_row');
  });
});
