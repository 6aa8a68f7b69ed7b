import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWeeklyFilters, weekDays } from '../../../../web/admin/dashboards/weekly-filters';
import { toWeeklySources } from '../../../../web/admin/dashboards/weekly-reader';
import { findPanel } from '../../../../web/admin/dashboards/live-panels';
import { buildWeeklyDashboard, type WeeklyDashboard } from '../../../../web/admin/dashboards/weekly-tabs';

const filters = parseWeeklyFilters({ date: '2007-03-02' });
const docs = [
  { date: '2007-02-24', metric: 'menu_click:nolabel', gender: 'W', ageBand: 20, region: 'seoul', value: 4 },
  { date: '2007-03-02', metric: 'menu_click:nolabel', gender: 'M', ageBand: 30, region: 'busan', value: 1 },
  { date: '2007-03-02', metric: 'menu_click:ecopoint1', gender: null, ageBand: null, region: null, value: 2 },
  { date: '2007-02-23', metric: 'menu_click:nolabel', gender: 'W', ageBand: 20, region: 'seoul', value: 100 }, // outside the 7 days
  { date: '2007-03-01', metric: 'ecopoint:1', gender: 'W', ageBand: 20, region: 'seoul', value: 3 },
  { date: '2007-03-01', metric: 'ecopoint:2', gender: 'W', ageBand: 20, region: 'seoul', value: 1 },
  { date: '2007-03-01', metric: 'points:ecopoint:1', gender: 'W', ageBand: 20, region: 'seoul', value: 30 },
  { date: '2007-03-01', metric: 'lesswaste_search:3km', gender: 'M', ageBand: 30, region: 'busan', value: 5 },
  { date: '2007-03-01', metric: 'search_rank', dim: 'all', words: [{ word: '생수', count: 2 }, { word: '보리차', count: 1 }] },
  { date: '2007-03-02', metric: 'search_rank', dim: 'all', words: [{ word: '보리차', count: 3 }] },
  { date: '2007-03-02', kind: 'dwell', scope: 'page', gender: 'W', ageBand: 20, buckets: [1, 2, 0, 0, 0, 0, 0, 0], count: 3, total: 45_000 },
  { date: '2007-03-02', kind: 'dwell', scope: 'page', gender: null, ageBand: null, buckets: [5, 0, 0, 0, 0, 0, 0, 0], count: 5, total: 10_000 },
  { date: '2007-02-28', kind: 'price_clicks', scope: 'price', gender: 'M', ageBand: 30, buckets: [0, 1, 0, 0, 0, 2], count: 3, total: 700 },
];
const values = (d: WeeklyDashboard, id: string): Record<string, readonly number[]> => {
  const p = findPanel(d, id);
  assert.ok(p?.kind === 'series', id);
  return Object.fromEntries(p.series.map((s) => [s.name, s.values]));
};

describe('weekly dashboard series', () => {
  const d = buildWeeklyDashboard(filters, toWeeklySources(docs), new Date(Date.UTC(2007, 2, 3)));

  it('covers the 7 days ending at the chosen day, across a month end', () => {
    assert.deepEqual(weekDays(filters), ['2007-02-24', '2007-02-25', '2007-02-26', '2007-02-27', '2007-02-28', '2007-03-01', '2007-03-02']);
    assert.deepEqual(d.daysWithData, ['2007-02-24', '2007-02-28', '2007-03-01', '2007-03-02']);
  });

  it('counts menu clicks per day, leaving out days outside the week', () => {
    assert.deepEqual(values(d, 'weekly-menu-day')['무라벨'], [4, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(values(d, 'weekly-menu-gender')['무라벨'], [1, 4, 0]);
    assert.deepEqual(values(d, 'weekly-menu-gender')['에코포인트1'], [0, 0, 2]);
  });

  it('sums the dwell histograms per gender group', () => {
    const v = values(d, 'weekly-dwell-pages');
    assert.deepEqual(v['여성'], [1, 2, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(v['비회원'], [5, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('gives eco1’s share of the day', () => {
    assert.deepEqual(values(d, 'weekly-eco-share')['에코포인트1 비중'], [0, 0, 0, 0, 0, 75, 0]);
  });

  it('puts clicks in price bands and searches in radius bars', () => {
    assert.deepEqual(values(d, 'weekly-price-bands')['남성'], [0, 1, 0, 0, 0, 2]);
    assert.equal(values(d, 'weekly-lesswaste-radius')['레스웨이스트 검색']?.[2], 5);
  });

  it('ranks words over the week and on the last day', () => {
    const p = findPanel(d, 'weekly-top-words');
    assert.ok(p?.kind === 'series');
    assert.deepEqual(p.labels, ['보리차', '생수']);
    const ranks = findPanel(d, 'weekly-ranks');
    assert.ok(ranks?.kind === 'ranking');
    assert.deepEqual(ranks.rows[0]?.recent, [{ word: '보리차', count: 3 }]);
  });

  it('narrows by gender and age band, anonymous visitors dropping out', () => {
    const w = buildWeeklyDashboard(parseWeeklyFilters({ date: '2007-03-02', gender: 'W', age: '20' }), toWeeklySources(docs));
    assert.deepEqual(values(w, 'weekly-menu-day')['무라벨'], [4, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(Object.keys(values(w, 'weekly-dwell-pages')), ['여성']);
  });

  it('defaults to yesterday in Korea time', () => {
    assert.equal(parseWeeklyFilters({}, new Date('2007-01-01T15:30:00Z')).date, '2007-01-01');
  });
});
