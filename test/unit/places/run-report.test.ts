import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placesRunReport } from '../../../activities/places/run-report';

describe('the places run report', () => {
  it('lists each reject and skipped row with line and reason, the duplicates and the swap', () => {
    const lines = placesRunReport({
      load: [
        {
          source: 'demo-x',
          name: 'x',
          demo: true,
          day: '2026-12-07',
          path: '/p',
          rejectsPath: '/p/_rejects/part-00000.jsonl',
          read: 5,
          valid: 3,
          needGeocoding: 1,
          rejected: 2,
          byReason: { missing_name: 1, outside_korea: 1 },
          rejects: [{ source: 'demo-x', line: 3, reason: 'missing_name', detail: 'no name' }],
        },
      ],
      geocode: [{ source: 'demo-x', day: '2026-12-07', path: '/c', placed: 2, geocoded: 0, skipped: 1, byReason: { no_coordinates: 1 }, skippedRows: [{ source: 'demo-x', line: 5, reason: 'no_coordinates', detail: 'no geocoder', name: '주소만' }], geocoder: null }],
      dedupe: { day: '2026-12-07', path: '/d', places: 2, duplicates: 0, duplicateRows: [], bySource: { 'demo-x': 2 } },
    });
    assert.deepEqual(lines, [
      'demo-x (demo data): 5 rows read, 3 valid, 2 rejected (missing_name 1, outside_korea 1)',
      '  rejected line 3: missing_name — no name',
      '  … 1 more in /p/_rejects/part-00000.jsonl',
      '  placed 2 (no geocoder configured), skipped 1 (no_coordinates 1)',
      '  skipped line 5 "주소만": no_coordinates — no geocoder',
      'dedupe: 2 places, 0 duplicates merged',
      'the alias did not move (the run did not reach swap_alias)',
    ]);
  });
});
