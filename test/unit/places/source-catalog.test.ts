import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listPlaceSources, readSourceBytes } from '../../../activities/places/source-catalog';
import { decodeSource, readSourceRows } from '../../../activities/places/source-formats';
import { validatePlaceRow } from '../../../activities/places/validate-row';
import { isCiaoError } from '../../../domain/errors';
import { isInsideKorea } from '../../../domain/places';
import { PROJECT_ROOT } from '../../../infra/config';

describe('the places sources folder', () => {
  it('ships demo sources in all three formats, all marked demo, whose places are in Seoul', async () => {
    const sources = await listPlaceSources(join(PROJECT_ROOT, 'activities/places/sources'));
    assert.deepEqual(sources.map((s) => s.format).sort(), ['csv', 'data-go-kr', 'geojson']);
    for (const source of sources) {
      assert.equal(source.demo, true, source.id);
      assert.match(source.name, /데모 데이터/);
      const read = readSourceRows(source, decodeSource(source, await readSourceBytes(source)));
      const valid = read.rows.map((r) => validatePlaceRow(source, r)).flatMap((v) => (v.ok ? [v.row] : []));
      assert.ok(valid.length >= 9, `${source.id}: ${valid.length} valid rows`);
      for (const p of valid) if (p.lat !== null && p.lng !== null) assert.ok(isInsideKorea({ lat: p.lat, lng: p.lng }) && p.lat > 37.4 && p.lat < 37.7, `${p.name} is not in Seoul`);
    }
  });

  it('refuses a declaration with a wrong field, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'places-sources-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 'bad', name: 'b', format: 'xlsx', location: 'b.xlsx' }));
    await assert.rejects(listPlaceSources(dir), (err) => isCiaoError(err, 'ConfigInvalid') && err.message.includes('bad.json') && err.message.includes('/format'));
  });

  it('needs a csv source to name its columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'places-sources-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ id: 'c', name: 'c', format: 'csv', location: 'c.csv' }));
    await assert.rejects(listPlaceSources(dir), (err) => isCiaoError(err, 'ConfigInvalid') && err.message.includes('columns.name'));
  });
});
