import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggRows, filterRows, percent, sumOf } from '../../../../web/admin/dashboards/agg-rows';
import type { LiveFilters } from '../../../../web/admin/dashboards/live-filters';
import type { Panel, SeriesPanel } from '../../../../web/admin/dashboards/live-panels';
import { findPanel } from '../../../../web/admin/dashboards/live-panels';
import { buildLiveDashboard, type LiveDashboard, type LiveSources } from '../../../../web/admin/dashboards/live-tabs';
import { rankRowsOf } from '../../../../web/admin/dashboards/live-windows';

const DAY: LiveFilters = { date: '2006-05-17', hour: null, ageBand: null, gender: null, region: null };
const NOW = new Date('2026-11-25T00:17:30Z');

/** One day of aggregates: a 20s woman in Seoul, a 30s man in Busan, anonymous visitors. */
const TOTAL: Record<string, string> = {
  'login|W|20|seoul': '5',
  'login|M|30|busan': '3',
  'logout:button|W|20|seoul': '2',
  'logout:session_expired|M|30|busan': '1',
  'logout:browser_closed|W|20|seoul': '1',
  'menu_click:nolabel|W|20|seoul': '4',
  'menu_click:nolabel|-|-|-': '6',
  'menu_click:ecopoint1|M|30|busan': '2',
  'search|W|20|seoul': '8',
  'search|-|-|-': '2',
  'product_click|W|20|seoul': '3',
  'product_click|-|-|-': '1',
  'page_view|-|-|-': '20',
  'page_view|W|20|seoul': '10',
  'ecopoint:1|M|30|busan': '3',
  'ecopoint_fail:1|M|30|busan': '1',
  'points:ecopoint:1|M|30|busan': '40',
  'ecopoint:2|W|20|seoul': '1',
  'points:ecopoint:2|W|20|seoul': '30',
  'lesswaste_search:5km|W|20|seoul': '2',
  'broken|W|20|seoul': 'not a number',
};

function sources(filters: LiveFilters, total: Record<string, string> = TOTAL): LiveSources {
  return {
    total,
    slots: [
      { label: '00시', hash: { 'login|W|20|seoul': '2' } },
      { label: '01시', hash: { 'login|W|20|seoul': '3', 'login|M|30|busan': '3', 'search|-|-|-': '2' } },
      { label: '02시', hash: {} },
    ],
    windows: { main: '2006-05-17', recent: '최근 60분 (23:00–23:59)' },
    ranks: rankRowsOf(filters).map((row, i) => ({
      row,
      main: i === 0 ? ['생수', '탄산수', '물', '보리차', '녹차', '우유'].map((word, n) => ({ word, count: 10 - n })) : [],
      recent: i === 0 ? [{ word: '=HYPERLINK("x")', count: 2 }] : [],
    })),
  };
}

function dashboardFor(filters: LiveFilters): LiveDashboard {
  return buildLiveDashboard(filters, sources(filters), NOW);
}

function series(d: LiveDashboard, id: string): SeriesPanel {
  const panel: Panel | undefined = findPanel(d, id);
  assert.ok(panel && panel.kind === 'series', `series panel ${id}`);
  return panel;
}

/** `{ seriesName: values }` of a panel. */
function valuesOf(d: LiveDashboard, id: string): Record<string, readonly number[]> {
  return Object.fromEntries(series(d, id).series.map((s) => [s.name, s.values]));
}

function kpis(d: LiveDashboard, tab: string): Record<string, number> {
  return Object.fromEntries((d.tabs.find((t) => t.id === tab)?.kpis ?? []).map((k) => [k.label, k.value]));
}

describe('aggregate rows', () => {
  it('splits fields into typed dimensions, anonymous as null, and skips values that are not numbers', () => {
    const rows = aggRows({ 'search|-|-|-': '2', 'login|W|20|seoul': '5', 'x|W|20|seoul': 'NaN' });
    assert.deepEqual(rows, [
      { metric: 'search', gender: null, ageBand: null, region: null, value: 2 },
      { metric: 'login', gender: 'W', ageBand: 20, region: 'seoul', value: 5 },
    ]);
  });

  it('drops anonymous rows once a demographic filter is chosen', () => {
    const rows = aggRows({ 'search|-|-|-': '2', 'search|W|20|seoul': '5', 'search|M|20|seoul': '7' });
    assert.equal(sumOf(filterRows(rows, { ...DAY, gender: 'W' }), 'search'), 5);
    assert.equal(sumOf(filterRows(rows, { ...DAY, hour: 3 }), 'search'), 14);
  });

  it('matches every sub-metric with a prefix ending in a colon', () => {
    const rows = aggRows({ 'logout:button|W|20|seoul': '2', 'logout:session_expired|W|20|seoul': '1', 'login|W|20|seoul': '9' });
    assert.equal(sumOf(rows, 'logout:'), 3);
  });

  it('rounds percentages to one decimal and gives 0 for nothing', () => {
    assert.equal(percent(2, 3), 66.7);
    assert.equal(percent(1, 0), 0);
  });
});

describe('In/Out tab', () => {
  const d = dashboardFor(DAY);

  it('totals logins and logouts, with the share of expired sessions', () => {
    assert.deepEqual(kpis(d, 'inout'), { 로그인: 8, 로그아웃: 4, '세션 만료 비율': 25 });
  });

  it('draws logins and logouts per hour slot', () => {
    assert.deepEqual(series(d, 'inout-time').labels, ['00시', '01시', '02시']);
    assert.deepEqual(valuesOf(d, 'inout-time'), { 로그인: [2, 6, 0], 로그아웃: [0, 0, 0] });
  });

  it('breaks logins and logouts down by age band and by gender', () => {
    assert.deepEqual(series(d, 'inout-age').labels, ['10대 이하', '20대', '30대', '40대', '50대', '60대 이상']);
    assert.deepEqual(valuesOf(d, 'inout-age'), { 로그인: [0, 5, 3, 0, 0, 0], 로그아웃: [0, 3, 1, 0, 0, 0] });
    assert.deepEqual(valuesOf(d, 'inout-gender'), { 로그인: [3, 5], 로그아웃: [1, 3] });
  });

  it('shows each logout method per gender', () => {
    assert.deepEqual(series(d, 'inout-logout-method').labels, ['로그아웃 버튼', '세션 만료', '브라우저 종료']);
    assert.deepEqual(valuesOf(d, 'inout-logout-method'), { 남성: [0, 1, 0], 여성: [2, 0, 1] });
  });
});

describe('Menu tab', () => {
  const d = dashboardFor(DAY);

  it('counts clicks against real use (uploads, searches, map searches)', () => {
    assert.deepEqual(kpis(d, 'menu'), { '메뉴 클릭': 12, '실제 이용': 16, '이용 / 클릭': 133.3 });
  });

  it('builds the funnel per age band with anonymous visitors last', () => {
    assert.equal(series(d, 'menu-funnel-age').labels.at(-1), '비회원');
    assert.deepEqual(valuesOf(d, 'menu-funnel-age'), {
      페이지뷰: [0, 10, 0, 0, 0, 0, 20],
      '메뉴 클릭': [0, 4, 2, 0, 0, 0, 6],
      '실제 이용': [0, 11, 3, 0, 0, 0, 2],
    });
  });

  it('breaks menu clicks down by gender then age band', () => {
    const p = series(d, 'menu-gender-age');
    assert.equal(p.labels.length, 12);
    assert.equal(p.labels[7], '여성 20대');
    assert.equal(valuesOf(d, 'menu-gender-age')['무라벨']?.[7], 4);
    assert.equal(valuesOf(d, 'menu-gender-age')['에코포인트1']?.[2], 2);
  });

  it('gives each menu its clicks, uses and their ratio', () => {
    assert.deepEqual(valuesOf(d, 'menu-conversion'), { '메뉴 클릭': [2, 0, 10, 0], '실제 이용': [3, 1, 10, 2], '이용 / 클릭': [150, 0, 100, 0] });
    assert.equal(series(d, 'menu-conversion').series[2]?.unit, 'percent');
  });
});

describe('Eco point tab', () => {
  const d = dashboardFor(DAY);

  it('totals points, attempts and the success rate', () => {
    assert.deepEqual(kpis(d, 'ecopoint'), { '지급 포인트': 70, '업로드 시도': 4, 성공률: 75 });
  });

  it('compares eco1 and eco2 points by age band, region and gender', () => {
    assert.deepEqual(valuesOf(d, 'eco-age'), { 에코포인트1: [0, 0, 40, 0, 0, 0], 에코포인트2: [0, 30, 0, 0, 0, 0] });
    const region = series(d, 'eco-region');
    assert.equal(region.labels.length, 14);
    assert.deepEqual([region.labels[0], region.series[1]?.values[0]], ['서울', 30]);
    assert.deepEqual([region.labels[1], region.series[0]?.values[1]], ['부산', 40]);
    assert.deepEqual(valuesOf(d, 'eco-gender'), { 에코포인트1: [40, 0], 에코포인트2: [0, 30] });
  });

  it('splits attempts into successes and failures per service', () => {
    assert.deepEqual(valuesOf(d, 'eco-outcome'), { 시도: [3, 1], 성공: [2, 1], 실패: [1, 0], 성공률: [66.7, 100] });
  });

  it('labels points series in the table heading', () => {
    assert.deepEqual(series(d, 'eco-gender').table.header, ['성별', '에코포인트1 (P)', '에코포인트2 (P)']);
  });
});

describe('No label tab', () => {
  const d = dashboardFor(DAY);

  it('separates members from anonymous visitors', () => {
    assert.deepEqual(kpis(d, 'nolabel'), { 검색: 10, '상품 클릭': 4, '클릭 / 검색': 40, '비회원 검색 비율': 20 });
    assert.deepEqual(series(d, 'nolabel-members').labels, ['회원', '비회원']);
    assert.deepEqual(valuesOf(d, 'nolabel-members'), { '무라벨 메뉴 클릭': [4, 6], 검색: [8, 2], '상품 클릭': [3, 1] });
  });

  it('draws searches against product clicks per hour slot', () => {
    assert.deepEqual(valuesOf(d, 'nolabel-time'), { 검색: [0, 2, 0], '상품 클릭': [0, 0, 0] });
  });

  it('charts the top words of the filters\' own ranking in both windows', () => {
    const main = series(d, 'nolabel-top-main');
    assert.equal(main.title, '검색어 Top 10 · 2006-05-17 · 전체');
    assert.deepEqual(main.labels, ['생수', '탄산수', '물', '보리차', '녹차', '우유']);
    assert.deepEqual(series(d, 'nolabel-top-recent').series[0]?.values, [2]);
  });

  it('ranks words per gender → age band, five per window, with a long-format table', () => {
    const panel = findPanel(d, 'nolabel-ranks');
    assert.ok(panel && panel.kind === 'ranking');
    assert.equal(panel.rows.length, 15);
    assert.deepEqual([panel.rows[0]?.gender, panel.rows[0]?.ageBand, panel.rows[0]?.main.length], ['전체', '전체', 5]);
    assert.deepEqual(panel.rows[2], { gender: '남성', ageBand: '10대 이하', main: [], recent: [] });
    assert.deepEqual(panel.table.header, ['성별', '연령대', '기간', '순위', '검색어', '검색 수']);
    assert.equal(panel.table.rows.length, 6);
    assert.deepEqual(panel.table.rows[0], ['전체', '전체', '2006-05-17', 1, '생수', 10]);
    assert.deepEqual(panel.table.rows[5], ['전체', '전체', '최근 60분 (23:00–23:59)', 1, '=HYPERLINK("x")', 2]);
  });
});

describe('filters', () => {
  it('narrows every tab to one gender, dropping anonymous visitors and the other gender\'s columns', () => {
    const d = dashboardFor({ ...DAY, gender: 'W' });
    assert.equal(kpis(d, 'inout')['로그인'], 5);
    assert.deepEqual(series(d, 'inout-gender').labels, ['여성']);
    assert.deepEqual(series(d, 'inout-logout-method').series.map((s) => s.name), ['여성']);
    assert.equal(series(d, 'menu-funnel-age').labels.includes('비회원'), false);
    assert.deepEqual(series(d, 'nolabel-members').labels, ['회원']);
    assert.deepEqual(valuesOf(d, 'inout-time'), { 로그인: [2, 3, 0], 로그아웃: [0, 0, 0] });
    assert.equal(series(d, 'menu-gender-age').labels.length, 6);
  });

  it('narrows by region and age band', () => {
    const d = dashboardFor({ ...DAY, region: 'busan', ageBand: 30 });
    assert.deepEqual(kpis(d, 'ecopoint'), { '지급 포인트': 40, '업로드 시도': 3, 성공률: 66.7 });
    assert.deepEqual(series(d, 'eco-region').labels, ['부산']);
    assert.deepEqual(series(d, 'eco-age').labels, ['30대']);
    const ranks = findPanel(d, 'nolabel-ranks');
    assert.match(ranks?.hint ?? '', /지역 필터가 적용되지 않습니다/);
  });

  it('titles the time charts by 5-minute windows when an hour is chosen', () => {
    const d = dashboardFor({ ...DAY, hour: 9 });
    assert.equal(series(d, 'inout-time').title, '09시 5분 단위 로그인 · 로그아웃');
    assert.equal(series(d, 'inout-time').labelHeader, '5분 구간');
  });
});

describe('the dashboard', () => {
  it('says whether it shows today and stamps the reading in Korea time', () => {
    const d = buildLiveDashboard({ ...DAY, date: '2026-11-25' }, sources(DAY), NOW);
    assert.equal(d.today, true);
    assert.equal(d.generatedAt, '2026-11-25T09:17:30+09:00');
    assert.equal(dashboardFor(DAY).today, false);
  });

  it('is empty only without aggregates and rankings', () => {
    const none: LiveSources = { total: {}, slots: [], windows: { main: '오늘', recent: '최근 60분' }, ranks: [] };
    assert.equal(buildLiveDashboard(DAY, none, NOW).empty, true);
    assert.equal(dashboardFor(DAY).empty, false);
  });

  it('keeps each series table row-for-row equal to its chart', () => {
    const p = series(dashboardFor(DAY), 'inout-gender');
    assert.deepEqual(p.table, { header: ['성별', '로그인', '로그아웃'], rows: [['남성', 3, 1], ['여성', 5, 3]] });
  });
});
