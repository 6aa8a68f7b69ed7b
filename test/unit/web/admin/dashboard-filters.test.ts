import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCiaoError } from '../../../../domain/errors';
import { describeFilters, filterQuery, filterSlug, hasDemographicFilter, parseLiveFilters, type LiveFilters } from '../../../../web/admin/dashboards/live-filters';

const ALL: LiveFilters = { date: '2026-11-25', hour: null, ageBand: null, gender: null, region: null };

describe('live dashboard filters', () => {
  it('defaults the day to today in Korea time, not UTC', () => {
    // 15:30 UTC on the 24th is 00:30 on the 25th in Seoul.
    assert.equal(parseLiveFilters({}, new Date('2026-11-24T15:30:00Z')).date, '2026-11-25');
  });

  it('reads empty form values as "all"', () => {
    assert.deepEqual(parseLiveFilters({ date: '', hour: '', age: '', gender: '', region: '' }, new Date('2026-11-25T03:00:00Z')), ALL);
  });

  it('turns the chosen values into numbers and codes', () => {
    assert.deepEqual(parseLiveFilters({ date: '2006-03-09', hour: '7', age: '20', gender: 'W', region: 'seoul' }), {
      date: '2006-03-09',
      hour: 7,
      ageBand: 20,
      gender: 'W',
      region: 'seoul',
    });
  });

  it('rejects a day that does not exist with ValidationFailed', () => {
    assert.throws(
      () => parseLiveFilters({ date: '2026-02-30' }),
      (err: unknown) => isCiaoError(err, 'ValidationFailed'),
    );
  });

  it('writes the filters back as a query with the day always explicit', () => {
    assert.equal(filterQuery(ALL), 'date=2026-11-25');
    assert.equal(filterQuery({ ...ALL, hour: 0, ageBand: 60, gender: 'M', region: 'jeju' }), 'date=2026-11-25&hour=0&age=60&gender=M&region=jeju');
  });

  it('names files and headings after the filters', () => {
    const f: LiveFilters = { ...ALL, hour: 9, ageBand: 20, gender: 'W', region: 'seoul' };
    assert.equal(filterSlug(ALL), '2026-11-25');
    assert.equal(filterSlug(f), '2026-11-25_h09_W_a20_seoul');
    assert.equal(describeFilters(f), '2026-11-25 · 09시 · 여성 · 20대 · 서울');
  });

  it('counts only gender, age band and region as demographic filters', () => {
    assert.equal(hasDemographicFilter({ ...ALL, hour: 3 }), false);
    assert.equal(hasDemographicFilter({ ...ALL, region: 'busan' }), true);
  });
});
