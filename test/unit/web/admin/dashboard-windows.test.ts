import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiveFilters } from '../../../../web/admin/dashboards/live-filters';
import { minutesEndingAt, rankRowsOf, rankWindowsOf, timeSlotsOf, totalKeyOf } from '../../../../web/admin/dashboards/live-windows';
import { rankKeysOf } from '../../../../web/search-ranks/rank-keys';

const DAY: LiveFilters = { date: '2026-11-25', hour: null, ageBand: null, gender: null, region: null };
/** 09:17 on 2026-11-25 in Seoul. */
const NOW = new Date('2026-11-25T00:17:30Z');

describe('live dashboard time slots', () => {
  it('gives a past day its 24 hourly hashes', () => {
    const slots = timeSlotsOf({ ...DAY, date: '2026-11-20' }, NOW);
    assert.equal(slots.length, 24);
    assert.deepEqual(slots[0], { label: '00시', key: 'agg:1h:2026-11-20T00' });
    assert.deepEqual(slots[23], { label: '23시', key: 'agg:1h:2026-11-20T23' });
  });

  it('stops today at the current hour', () => {
    const slots = timeSlotsOf(DAY, NOW);
    assert.equal(slots.length, 10);
    assert.equal(slots.at(-1)?.key, 'agg:1h:2026-11-25T09');
  });

  it('splits a chosen hour into 5-minute windows, up to the current one today', () => {
    const slots = timeSlotsOf({ ...DAY, hour: 9 }, NOW);
    assert.deepEqual(
      slots.map((s) => s.label),
      ['09:00', '09:05', '09:10', '09:15'],
    );
    assert.equal(slots[3]?.key, 'agg:5m:2026-11-25T09:15');
    assert.equal(timeSlotsOf({ ...DAY, hour: 8 }, NOW).length, 12);
  });

  it('keeps all twelve windows of a later hour of today rather than none', () => {
    assert.equal(timeSlotsOf({ ...DAY, hour: 22 }, NOW).length, 12);
  });

  it('counts the day, or the chosen hour, for the non-time charts', () => {
    assert.equal(totalKeyOf(DAY), 'agg:1d:2026-11-25');
    assert.equal(totalKeyOf({ ...DAY, hour: 7 }), 'agg:1h:2026-11-25T07');
  });
});

describe('live dashboard ranking windows', () => {
  it('counts minutes back across midnight and the year end', () => {
    assert.deepEqual(minutesEndingAt('2027-01-01T00:01', 3), ['2026-12-31T23:59', '2027-01-01T00:00', '2027-01-01T00:01']);
  });

  it('reads today from the day set and the last 60 minutes up to now', () => {
    const w = rankWindowsOf(DAY, NOW);
    assert.equal(w.main.label, '오늘');
    assert.deepEqual(w.main.source, { kind: 'day', date: '2026-11-25' });
    assert.equal(w.recent.label, '최근 60분 (08:18–09:17)');
    assert.equal(w.recent.source.kind === 'minutes' && w.recent.source.minutes.length, 60);
  });

  it('ends another day\'s last 60 minutes at its 23:59', () => {
    const w = rankWindowsOf({ ...DAY, date: '2006-04-02' }, NOW);
    assert.equal(w.main.label, '2006-04-02');
    assert.equal(w.recent.label, '최근 60분 (23:00–23:59)');
  });

  it('unions the 60 minutes of a chosen hour', () => {
    const w = rankWindowsOf({ ...DAY, hour: 7 }, NOW);
    assert.equal(w.main.label, '07시');
    const keys = rankKeysOf(w.main.source, { kind: 'gender_age', gender: 'W', ageBand: 20 });
    assert.equal(keys.length, 60);
    assert.equal(keys[0], 'rank:search:m:2026-11-25T07:00:ga:W:20');
    assert.equal(keys[59], 'rank:search:m:2026-11-25T07:59:ga:W:20');
  });

  it('ranks all, then each gender and its six bands when nothing is chosen', () => {
    const rows = rankRowsOf(DAY);
    assert.equal(rows.length, 15);
    assert.deepEqual(
      rows.slice(0, 3).map((r) => r.label),
      ['전체', '남성', '남성 10대 이하'],
    );
    assert.equal(rows[8]?.label, '여성');
  });

  it('narrows the rankings to the chosen gender and band', () => {
    assert.deepEqual(
      rankRowsOf({ ...DAY, gender: 'W', ageBand: 30 }).map((r) => r.dim),
      [{ kind: 'gender_age', gender: 'W', ageBand: 30 }],
    );
    assert.deepEqual(
      rankRowsOf({ ...DAY, ageBand: 30 }).map((r) => r.label),
      ['30대', '남성 30대', '여성 30대'],
    );
    assert.equal(rankRowsOf({ ...DAY, gender: 'M' }).length, 7);
  });
});
