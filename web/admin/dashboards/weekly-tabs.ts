/**
 * The weekly dashboard (SPEC §2, warm tier): four tabs of charts over the 7 days of MongoDB `logs_daily`
 * ending at the chosen day, narrowed by the filters. Pure, so every number is unit-tested without MongoDB.
 *
 * | tab | panels |
 * |---|---|
 * | Menu | menu clicks by day; by age band; by gender |
 * | Dwell | page dwell-time histogram; session (login → logout) histogram — per gender |
 * | Eco point | eco1 vs eco2 uses by day with eco1's share; points by age band × gender |
 * | No label | product clicks by price band; less-waste search radius; top words; ranks by gender → age |
 *
 * Counters carry a region; dwell times, price bands and search ranks do not, so the region filter narrows the
 * counters only (the panels say so).
 */
import { seoulIsoSeconds } from '../../../domain/korea-time';
import { AGE_BANDS } from '../../../domain/age-band';
import { MENUS } from '../../../domain/events';
import { DWELL_BUCKET_LABELS } from '../../../activities/logs/dwell-pairing';
import { PRICE_BAND_LABELS } from '../../../activities/logs/price-bands';
import { percent, sumBy, sumOf, type AggRow } from './agg-rows';
import { ageName } from './live-filters';
import { rankingPanel, seriesPanel, type DashboardTab, type Kpi, type Panel, type RankedWord, type Series } from './live-panels';
import { MENU_NAMES } from './live-tabs';
import { describeWeeklyFilters, weekDays, type WeeklyFilters, type WeeklyTabId } from './weekly-filters';
import { GENDERS, genderName, type Gender } from '../../../domain/gender';

/** A counter of one day (`logs_daily` count document). */
export interface DailyCount extends AggRow {
  readonly date: string;
}

/** A search-word ranking of one day and dimension (`all`, `g:W`, `a:20`, `ga:W:20`). */
export interface DailyRanking {
  readonly date: string;
  readonly dim: string;
  readonly words: readonly RankedWord[];
}

/** A histogram of one day, scope and gender × age band (`logs_daily` dwell / price_clicks document). */
export interface DailyDistribution {
  readonly date: string;
  readonly scope: 'page' | 'session' | 'price';
  readonly gender: Gender | null;
  readonly ageBand: number | null;
  readonly buckets: readonly number[];
  readonly count: number;
  /** Sum of the values: ms for dwell, won for prices. */
  readonly total: number;
}

/** What the reader fetched for the 7 days. */
export interface WeeklySources {
  readonly counts: readonly DailyCount[];
  readonly rankings: readonly DailyRanking[];
  readonly distributions: readonly DailyDistribution[];
}

/** One tab of the weekly dashboard. */
export type WeeklyTab = DashboardTab<WeeklyTabId>;

/** Everything the page and the JSON endpoint show. */
export interface WeeklyDashboard {
  readonly filters: WeeklyFilters;
  /** The period and filters in Korean. */
  readonly summary: string;
  /** The 7 days, oldest first. */
  readonly days: readonly string[];
  /** Days of the 7 with any document in the warm tier. */
  readonly daysWithData: readonly string[];
  readonly generatedAt: string;
  /** True when none of the 7 days has any document. */
  readonly empty: boolean;
  readonly tabs: readonly WeeklyTab[];
}

const ANON = '-';
const ANON_LABEL = '비회원';
/** How many words the top-words chart shows. */
const TOP_WORDS = 10;

interface Context {
  readonly filters: WeeklyFilters;
  readonly days: readonly string[];
  /** Counters of the 7 days, narrowed by gender, age band and region. */
  readonly counts: readonly DailyCount[];
  /** Distributions narrowed by gender and age band. */
  readonly distributions: readonly DailyDistribution[];
  readonly rankings: readonly DailyRanking[];
  /** Anonymous visitors are shown as their own group only when no demographic filter is set. */
  readonly withAnonymous: boolean;
  /** A note for panels the region filter does not narrow ('' without a region filter). */
  readonly regionNote: string;
}

const dayLabel = (day: string): string => day.slice(5);

function values<K extends string>(sums: ReadonlyMap<string, number>, keys: readonly K[]): number[] {
  return keys.map((k) => sums.get(k) ?? 0);
}

/** Gender groups of a breakdown: 남성, 여성 and (without filters) 비회원 — as keys and labels. */
function genderGroups(ctx: Context, withAnonymous = ctx.withAnonymous): { keys: string[]; labels: string[] } {
  const genders: Gender[] = ctx.filters.gender ? [ctx.filters.gender] : [...GENDERS];
  return { keys: [...genders, ...(withAnonymous ? [ANON] : [])], labels: [...genders.map(genderName), ...(withAnonymous ? [ANON_LABEL] : [])] };
}

function ageGroups(ctx: Context): { keys: string[]; labels: string[] } {
  const bands = ctx.filters.ageBand !== null ? [ctx.filters.ageBand] : [...AGE_BANDS];
  return { keys: [...bands.map(String), ...(ctx.withAnonymous ? [ANON] : [])], labels: [...bands.map(ageName), ...(ctx.withAnonymous ? [ANON_LABEL] : [])] };
}

const genderKey = (r: { gender: Gender | null }): string => r.gender ?? ANON;
const ageKey = (r: { ageBand: number | null }): string => (r.ageBand === null ? ANON : String(r.ageBand));

function menuTab(ctx: Context): WeeklyTab {
  const { counts, days } = ctx;
  const menuSeries = (keys: readonly string[], keyOf: (r: DailyCount) => string): Series[] =>
    MENUS.map((m) => ({ name: MENU_NAMES[m], unit: 'count', values: values(sumBy(counts, `menu_click:${m}`, keyOf as (r: AggRow) => string), keys) }));
  const total = sumOf(counts, 'menu_click:');
  const ages = ageGroups(ctx);
  const genders = genderGroups(ctx);
  return {
    id: 'menu',
    name: 'Menu',
    heading: '메뉴 이용',
    kpis: [
      { label: '메뉴 클릭 (7일)', value: total, unit: 'count' },
      { label: '하루 평균', value: Math.round((total / days.length) * 10) / 10, unit: 'count' },
      ...MENUS.map((m): Kpi => ({ label: `${MENU_NAMES[m]} 비중`, value: percent(sumOf(counts, `menu_click:${m}`), total), unit: 'percent' })),
    ],
    panels: [
      seriesPanel({ id: 'weekly-menu-day', title: '일별 메뉴 클릭', chart: 'bar', stacked: true, labelHeader: '날짜', labels: days.map(dayLabel), series: menuSeries(days, (r) => r.date) }),
      seriesPanel({ id: 'weekly-menu-age', title: '연령대별 메뉴 클릭', chart: 'bar', labelHeader: '연령대', labels: ages.labels, series: menuSeries(ages.keys, ageKey) }),
      seriesPanel({ id: 'weekly-menu-gender', title: '성별 메뉴 클릭', chart: 'bar', labelHeader: '성별', labels: genders.labels, series: menuSeries(genders.keys, genderKey) }),
    ],
  };
}

/** A histogram panel: one stacked series per gender group, summed over the 7 days. */
function histogramPanel(ctx: Context, id: string, title: string, hint: string, scope: DailyDistribution['scope'], bucketLabels: readonly string[], labelHeader: string, withAnonymous: boolean): Panel {
  const groups = genderGroups(ctx, withAnonymous);
  const series: Series[] = groups.keys.map((key, gi) => {
    const sums = bucketLabels.map(() => 0);
    for (const d of ctx.distributions) {
      if (d.scope !== scope || genderKey(d) !== key) continue;
      d.buckets.forEach((n, i) => (sums[i] = (sums[i] ?? 0) + n));
    }
    return { name: groups.labels[gi] ?? key, unit: 'count', values: sums };
  });
  return seriesPanel({ id, title, hint: `${hint}${ctx.regionNote}`, chart: 'bar', stacked: true, labelHeader, labels: [...bucketLabels], series });
}

function scopeTotals(ctx: Context, scope: DailyDistribution['scope']): { count: number; total: number } {
  let count = 0;
  let total = 0;
  for (const d of ctx.distributions) {
    if (d.scope !== scope) continue;
    count += d.count;
    total += d.total;
  }
  return { count, total };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function dwellTab(ctx: Context): WeeklyTab {
  const pages = scopeTotals(ctx, 'page');
  const sessions = scopeTotals(ctx, 'session');
  return {
    id: 'dwell',
    name: 'Dwell time',
    heading: '체류 시간',
    kpis: [
      { label: '페이지 체류 (건)', value: pages.count, unit: 'count' },
      { label: '평균 페이지 체류 (초)', value: pages.count ? round1(pages.total / pages.count / 1000) : 0, unit: 'count' },
      { label: '세션 (건)', value: sessions.count, unit: 'count' },
      { label: '평균 세션 (분)', value: sessions.count ? round1(sessions.total / sessions.count / 60_000) : 0, unit: 'count' },
    ],
    panels: [
      histogramPanel(ctx, 'weekly-dwell-pages', '페이지 체류 시간 분포', 'page_leave의 체류 시간, 없으면 같은 세션의 다음 page_view까지.', 'page', DWELL_BUCKET_LABELS, '체류 시간', ctx.withAnonymous),
      histogramPanel(ctx, 'weekly-dwell-sessions', '세션 체류 시간 분포', '같은 세션의 로그인 → 로그아웃 (회원만).', 'session', DWELL_BUCKET_LABELS, '체류 시간', false),
    ],
  };
}

function ecoPointTab(ctx: Context): WeeklyTab {
  const { counts, days } = ctx;
  const eco1 = sumBy(counts, 'ecopoint:1', (r) => (r as DailyCount).date);
  const eco2 = sumBy(counts, 'ecopoint:2', (r) => (r as DailyCount).date);
  const e1 = sumOf(counts, 'ecopoint:1');
  const e2 = sumOf(counts, 'ecopoint:2');
  const ages = ageGroups(ctx);
  const genders = genderGroups(ctx, false);
  const pointsByAge = (gender: string): number[] => values(sumBy(counts.filter((r) => genderKey(r) === gender), 'points:ecopoint:', ageKey), ages.keys);
  return {
    id: 'ecopoint',
    name: 'Eco point',
    heading: '에코포인트',
    kpis: [
      { label: '에코포인트1 이용', value: e1, unit: 'count' },
      { label: '에코포인트2 이용', value: e2, unit: 'count' },
      { label: '에코포인트1 비중', value: percent(e1, e1 + e2), unit: 'percent' },
      { label: '적립 포인트', value: sumOf(counts, 'points:ecopoint:'), unit: 'points' },
    ],
    panels: [
      seriesPanel({
        id: 'weekly-eco-share',
        title: '일별 에코포인트1 · 2 이용과 비중',
        hint: '이용 = 인증 시도 (실패 포함).',
        chart: 'bar',
        stacked: true,
        labelHeader: '날짜',
        labels: days.map(dayLabel),
        series: [
          { name: '에코포인트1', unit: 'count', values: values(eco1, days) },
          { name: '에코포인트2', unit: 'count', values: values(eco2, days) },
          { name: '에코포인트1 비중', unit: 'percent', values: days.map((d) => percent(eco1.get(d) ?? 0, (eco1.get(d) ?? 0) + (eco2.get(d) ?? 0))) },
        ],
      }),
      seriesPanel({
        id: 'weekly-points-age',
        title: '연령대 · 성별 주간 적립 포인트',
        chart: 'bar',
        labelHeader: '연령대',
        labels: ages.labels.filter((_, i) => ages.keys[i] !== ANON),
        series: genders.keys.map((g, i) => ({ name: genders.labels[i] ?? g, unit: 'points', values: pointsByAge(g).filter((_, j) => ages.keys[j] !== ANON) })),
      }),
    ],
  };
}

/** The ranking dimension label of a gender / age band (null: all). */
function rankDim(gender: Gender | null, ageBand: number | null): string {
  if (gender && ageBand !== null) return `ga:${gender}:${ageBand}`;
  if (gender) return `g:${gender}`;
  if (ageBand !== null) return `a:${ageBand}`;
  return 'all';
}

/** Words of `dim` summed over `dates`, most searched first (ties by word). */
function sumWords(rankings: readonly DailyRanking[], dim: string, dates: readonly string[]): RankedWord[] {
  const sums = new Map<string, number>();
  for (const r of rankings) {
    if (r.dim !== dim || !dates.includes(r.date)) continue;
    for (const w of r.words) sums.set(w.word, (sums.get(w.word) ?? 0) + w.count);
  }
  return [...sums.entries()].map(([word, count]) => ({ word, count })).sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
}

function noLabelTab(ctx: Context): WeeklyTab {
  const { counts, filters, days, rankings } = ctx;
  const radii = Array.from({ length: 20 }, (_, i) => `${i + 1}km`);
  const radiusSums = sumBy(counts, 'lesswaste_search:', (r) => r.metric.slice('lesswaste_search:'.length));
  const top = sumWords(rankings, rankDim(filters.gender, filters.ageBand), days).slice(0, TOP_WORDS);
  const rows: { gender: Gender | null; ageBand: number | null }[] = [];
  if (!filters.gender) rows.push({ gender: null, ageBand: filters.ageBand });
  for (const g of filters.gender ? [filters.gender] : GENDERS) {
    if (filters.ageBand === null) rows.push({ gender: g, ageBand: null });
    for (const a of filters.ageBand !== null ? [filters.ageBand] : AGE_BANDS) rows.push({ gender: g, ageBand: a });
  }
  const lastDay = [filters.date];
  const price = scopeTotals(ctx, 'price');
  return {
    id: 'nolabel',
    name: 'No label',
    heading: '무라벨 · 레스웨이스트',
    kpis: [
      { label: '상품 클릭', value: price.count, unit: 'count' },
      { label: '검색', value: sumOf(counts, 'search'), unit: 'count' },
      { label: '레스웨이스트 검색', value: sumOf(counts, 'lesswaste_search:'), unit: 'count' },
    ],
    panels: [
      histogramPanel(ctx, 'weekly-price-bands', '가격대별 무라벨 상품 클릭', '개당 가격 기준 (콜드 티어 원본 이벤트에서 집계).', 'price', PRICE_BAND_LABELS, '가격대', ctx.withAnonymous),
      seriesPanel({ id: 'weekly-lesswaste-radius', title: '레스웨이스트 검색 반경', chart: 'bar', labelHeader: '반경', labels: radii, series: [{ name: '레스웨이스트 검색', unit: 'count', values: values(radiusSums, radii) }] }),
      seriesPanel({ id: 'weekly-top-words', title: `주간 검색어 Top ${TOP_WORDS}`, hint: `일별 순위(각 100위)의 합.${ctx.regionNote}`, chart: 'hbar', labelHeader: '검색어', labels: top.map((w) => w.word), series: [{ name: '검색 수', unit: 'count', values: top.map((w) => w.count) }] }),
      rankingPanel({
        id: 'weekly-ranks',
        title: '성별 → 연령대 주간 검색어 순위',
        windows: ['7일 합계', `${dayLabel(filters.date)} 하루`],
        rows: rows.map((r) => ({
          gender: r.gender ? genderName(r.gender) : '전체',
          ageBand: r.ageBand !== null ? ageName(r.ageBand as (typeof AGE_BANDS)[number]) : '전체',
          main: sumWords(rankings, rankDim(r.gender, r.ageBand), days),
          recent: sumWords(rankings, rankDim(r.gender, r.ageBand), lastDay),
        })),
      }),
    ],
  };
}

/**
 * The dashboard for `filters` from the documents of the 7 days (documents of other days are ignored).
 * @param now the reading time
 */
export function buildWeeklyDashboard(filters: WeeklyFilters, sources: WeeklySources, now: Date = new Date()): WeeklyDashboard {
  const days = weekDays(filters);
  const inWeek = (d: { date: string }): boolean => days.includes(d.date);
  const byDemography = (r: { gender: Gender | null; ageBand: number | null }): boolean =>
    (filters.gender === null || r.gender === filters.gender) && (filters.ageBand === null || r.ageBand === filters.ageBand);
  const withAnonymous = filters.gender === null && filters.ageBand === null && filters.region === null;
  const ctx: Context = {
    filters,
    days,
    counts: sources.counts.filter((r) => inWeek(r) && byDemography(r) && (filters.region === null || r.region === filters.region)),
    distributions: sources.distributions.filter((d) => inWeek(d) && byDemography(d) && (filters.region === null || d.gender !== null)),
    rankings: sources.rankings.filter(inWeek),
    withAnonymous,
    regionNote: filters.region ? ' 지역 필터는 적용되지 않습니다 (지역 정보 없음).' : '',
  };
  const daysWithData = days.filter((d) => sources.counts.some((r) => r.date === d) || sources.rankings.some((r) => r.date === d) || sources.distributions.some((r) => r.date === d));
  return {
    filters,
    summary: describeWeeklyFilters(filters),
    days,
    daysWithData,
    generatedAt: seoulIsoSeconds(now),
    empty: daysWithData.length === 0,
    tabs: [menuTab(ctx), dwellTab(ctx), ecoPointTab(ctx), noLabelTab(ctx)],
  };
}
