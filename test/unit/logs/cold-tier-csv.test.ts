import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import type { LogEvent } from '../../../domain/events';
import { COLD_TIER_COLUMNS, buildColdTierCsv } from '../../../activities/logs/cold-tier-csv';

const anonymous = { userId: null, gender: null, ageBand: null, region: null };
const search: LogEvent = { id: '00000000-0000-4000-8000-000000000002', type: 'search', time: '2026-11-25T10:00:05+09:00', sessionId: 'sess-0001', page: '/nolabel', user: { userId: 'kim01', gender: 'W', ageBand: 20, region: 'seoul' }, data: { word: '무라벨, "생수"' } };
const view: LogEvent = { id: '00000000-0000-4000-8000-000000000001', type: 'page_view', time: '2026-11-25T10:00:01+09:00', sessionId: 'sess-0002', page: '/', user: anonymous, data: {} };

describe('buildColdTierCsv', () => {
  it('writes only the header row for an hour without events', () => {
    assert.equal(buildColdTierCsv([]), `${COLD_TIER_COLUMNS.join(',')}\n`);
  });

  it('flattens events into the columns, data as JSON, nulls as empty cells, and parses back', () => {
    const csv = buildColdTierCsv([search, view]);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.meta.fields, [...COLD_TIER_COLUMNS]);
    assert.deepEqual(parsed.data[1], {
      id: search.id,
      time: '2026-11-25T10:00:05+09:00',
      type: 'search',
      session_id: 'sess-0001',
      page: '/nolabel',
      user_id: 'kim01',
      gender: 'W',
      age_band: '20',
      region: 'seoul',
      data: '{"word":"무라벨, \\"생수\\""}',
    });
    assert.equal(parsed.data[0]?.user_id, '');
  });

  it('orders rows by event time, so the same events always give the same bytes', () => {
    assert.equal(buildColdTierCsv([search, view]), buildColdTierCsv([view, search]));
    assert.ok(buildColdTierCsv([search, view]).indexOf(view.id) < buildColdTierCsv([search, view]).indexOf(search.id));
  });
});
