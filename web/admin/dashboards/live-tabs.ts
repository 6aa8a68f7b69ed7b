/**
 * The live dashboard (SPEC §2, hot tier): four tabs of charts computed from what the reader fetched from
 * Redis — the totals hash of the day (or hour), one hash per time slot, and the search rankings — narrowed
 * by the filters. Pure, so every number is unit-tested without Redis.
 *
 * | tab | panels |
 * |---|---|
 * | In/Out | logins / logouts by time, by age band, by gender; logout method by gender |
 * | Menu | funnel (page views → menu clicks → real use) by age band; gender → age → menu; menu clicks vs real use |
 * | Eco point | points by time; eco1 vs eco2 points by age band, region, gender; attempts / successes / failures |
 * | No label | members vs anonymous; searches vs product clicks by time; top words; top words by gender → age |
 */
import { seoulIsoSeconds } from '../../../domain/korea-time';
import { AGE_BANDS } from '../../../domain/age-band';
import { MENUS, type Menu } from '../../../domain/events';
import { REGION_CODES } from '../../../domain/regions';
import { aggRows, filterRows, percent, sumBy, sumOf, type AggHash, type AggRow, type MetricMatch } from './agg-rows';
import { ageName, describeFilters, hasDemographicFilter, regionName, type LiveFilters, type LiveTabId } from './live-filters';
import { RANKING_TOP, rankingPanel, seriesPanel, type DashboardTab, type Panel, type RankedWord, type Series, type Unit } from './live-panels';
import { seoulMinute, type RankRow } from './live-windows';
import { GENDERS, genderName } from '../../../domain/gender';

/** One tab of the live dashboard. */
export type LiveTab = DashboardTab<LiveTabId>;

/** Everything the page and the JSON endpoint show. */
export interface LiveDashboard {
  readonly filters: LiveFilters;
  /** The filters in Korean (`2026-11-25 · 09시 · 여성`). */
  readonly summary: string;
  /** True when the day is today in Korea time (the page keeps polling). */
  readonly today: boolean;
  /** When the numbers were read, ISO-8601 with the Korea offset. */
  readonly generatedAt: string;
  /** True when the day (or hour) has no aggregate and no search ranking at all. */
  readonly empty: boolean;
  readonly tabs: readonly LiveTab[];
}

/** What the reader fetched for the filters. */
export interface LiveSources {
  /** `agg:1d:<day>`, or `agg:1h:<day>T<HH>` with an hour filter. */
  readonly total: AggHash;
  /** The time charts' slots (hours, or 5-minute windows), in order. */
  readonly slots: readonly { readonly label: string; readonly hash: AggHash }[];
  /** Labels of the two ranking windows. */
  readonly windows: { readonly main: string; readonly recent: string };
  /** Top words per ranking row (the first row is the filters' own dimension), best first. */
  readonly ranks: readonly { readonly row: RankRow; readonly main: readonly RankedWord[]; readonly recent: readonly RankedWord[] }[];
}

/** Menu names on the charts. */
export const MENU_NAMES: Readonly<Record<Menu, string>> = { ecopoint1: '에코포인트1', ecopoint2: '에코포인트2', nolabel: '무라벨', lesswaste: '레스웨이스트' };

/** The metric that counts as "real use" after a click on each menu. */
export const MENU_USE: Readonly<Record<Menu, string>> = { ecopoint1: 'ecopoint:1', ecopoint2: 'ecopoint:2', nolabel: 'search', lesswaste: 'lesswaste_search:' };
const ALL_USES: MetricMatch = MENUS.map((m) => MENU_USE[m]);

const LOGOUT_METHODS = [
  ['button', '로그아웃 버튼'],
  ['session_expired', '세션 만료'],
  ['browser_closed', '브라우저 종료'],
] as const;

const ANON = '-';
const ANON_LABEL = '비회원';

/** A label of a dimension chart and the row key it collects. */
interface Key {
  readonly key: string;
  readonly label: string;
}

/** What each tab builder works from. */
interface Context {
  readonly filters: LiveFilters;
  /** The totals, filtered. */
  readonly rows: readonly AggRow[];
  /** Each time slot's rows, filtered. */
  readonly slots: readonly { readonly label: string; readonly rows: readonly AggRow[] }[];
  readonly sources: LiveSources;
}

/** A series definition: name, unit and the metrics it sums. */
interface Measure {
  readonly name: string;
  readonly unit: Unit;
  readonly match: MetricMatch;
}

const ageKeyOf = (r: AggRow): string => (r.ageBand === null ? ANON : String(r.ageBand));
const genderKeyOf = (r: AggRow): string => r.gender ?? ANON;
const regionKeyOf = (r: AggRow): string => r.region ?? ANON;
const isAnonymous = (r: AggRow): boolean => r.gender === null && r.ageBand === null && r.region === null;

/** The anonymous column, when anonymous visitors can be in the data (no demographic filter). */
function anonKey(filters: LiveFilters, withAnonymous: boolean): Key[] {
  return withAnonymous && !hasDemographicFilter(filters) ? [{ key: ANON, label: ANON_LABEL }] : [];
}

function ageKeys(filters: LiveFilters, withAnonymous = false): Key[] {
  const bands = filters.ageBand === null ? AGE_BANDS : [filters.ageBand];
  return [...bands.map((a) => ({ key: String(a), label: ageName(a) })), ...anonKey(filters, withAnonymous)];
}

function genderKeys(filters: LiveFilters, withAnonymous = false): Key[] {
  const genders = filters.gender === null ? GENDERS : [filters.gender];
  return [...genders.map((g) => ({ key: g, label: genderName(g) })), ...anonKey(filters, withAnonymous)];
}

function regionKeys(filters: LiveFilters): Key[] {
  const regions = filters.region === null ? REGION_CODES : [filters.region];
  return regions.map((r) => ({ key: r, label: regionName(r) }));
}

/** Gender × age-band labels (`남성 20대`) for the chosen gender / band. */
function genderAgeKeys(filters: LiveFilters): Key[] {
  return genderKeys(filters).flatMap((g) => ageKeys(filters).map((a) => ({ key: `${g.key}|${a.key}`, label: `${g.label} ${a.label}` })));
}

/** Series of `measures` over dimension `keys` of the totals. */
function byDimension(rows: readonly AggRow[], keys: readonly Key[], keyOf: (r: AggRow) => string, measures: readonly Measure[]): { labels: string[]; series: Series[] } {
  return {
    labels: keys.map((k) => k.label),
    series: measures.map((m) => {
      const sums = sumBy(rows, m.match, keyOf);
      return { name: m.name, unit: m.unit, values: keys.map((k) => sums.get(k.key) ?? 0) };
    }),
  };
}

/** Series of `measures` over the time slots. */
function overTime(ctx: Context, measures: readonly Measure[]): { labelHeader: string; labels: string[]; series: Series[] } {
  return {
    labelHeader: ctx.filters.hour === null ? '시간' : '5분 구간',
    labels: ctx.slots.map((s) => s.label),
    series: measures.map((m) => ({ name: m.name, unit: m.unit, values: ctx.slots.map((s) => sumOf(s.rows, m.match)) })),
  };
}

const timeTitle = (ctx: Context, what: string): string => `${ctx.filters.hour === null ? '시간대별' : `${String(ctx.filters.hour).padStart(2, '0')}시 5분 단위`} ${what}`;

function inOutTab(ctx: Context): LiveTab {
  const { rows, filters } = ctx;
  const inOut: Measure[] = [
    { name: '로그인', unit: 'count', match: 'login' },
    { name: '로그아웃', unit: 'count', match: 'logout:' },
  ];
  const logins = sumOf(rows, 'login');
  const logouts = sumOf(rows, 'logout:');
  const methods = genderKeys(filters).map((g) => ({
    name: g.label,
    unit: 'count' as const,
    values: LOGOUT_METHODS.map(([method]) => sumOf(rows.filter((r) => r.gender === g.key), `logout:${method}`)),
  }));
  return {
    id: 'inout',
    name: 'In/Out',
    heading: '로그인 · 로그아웃',
    kpis: [
      { label: '로그인', value: logins, unit: 'count' },
      { label: '로그아웃', value: logouts, unit: 'count' },
      { label: '세션 만료 비율', value: percent(sumOf(rows, 'logout:session_expired'), logouts), unit: 'percent' },
    ],
    panels: [
      seriesPanel({ id: 'inout-time', title: timeTitle(ctx, '로그인 · 로그아웃'), chart: 'line', ...overTime(ctx, inOut) }),
      seriesPanel({ id: 'inout-age', title: '연령대별 로그인 · 로그아웃', chart: 'bar', labelHeader: '연령대', ...byDimension(rows, ageKeys(filters), ageKeyOf, inOut) }),
      seriesPanel({ id: 'inout-gender', title: '성별 로그인 · 로그아웃', chart: 'bar', labelHeader: '성별', ...byDimension(rows, genderKeys(filters), genderKeyOf, inOut) }),
      seriesPanel({
        id: 'inout-logout-method',
        title: '로그아웃 방법 (성별)',
        hint: '버튼, 30분 무활동으로 세션 만료, 브라우저 종료',
        chart: 'bar',
        stacked: true,
        labelHeader: '방법',
        labels: LOGOUT_METHODS.map(([, label]) => label),
        series: methods,
      }),
    ],
  };
}

function menuTab(ctx: Context): LiveTab {
  const { rows, filters } = ctx;
  const clicks = sumOf(rows, 'menu_click:');
  const uses = sumOf(rows, ALL_USES);
  const perMenu = MENUS.map((m) => ({ clicks: sumOf(rows, `menu_click:${m}`), uses: sumOf(rows, MENU_USE[m]) }));
  return {
    id: 'menu',
    name: 'Menu',
    heading: '메뉴 이용',
    kpis: [
      { label: '메뉴 클릭', value: clicks, unit: 'count' },
      { label: '실제 이용', value: uses, unit: 'count' },
      { label: '이용 / 클릭', value: percent(uses, clicks), unit: 'percent' },
    ],
    panels: [
      seriesPanel({
        id: 'menu-funnel-age',
        title: '연령대별 메뉴 퍼널',
        hint: '페이지뷰 → 메뉴 클릭 → 실제 이용 (업로드 시도, 무라벨 검색, 지도 검색)',
        chart: 'bar',
        labelHeader: '연령대',
        ...byDimension(rows, ageKeys(filters, true), ageKeyOf, [
          { name: '페이지뷰', unit: 'count', match: 'page_view' },
          { name: '메뉴 클릭', unit: 'count', match: 'menu_click:' },
          { name: '실제 이용', unit: 'count', match: ALL_USES },
        ]),
      }),
      seriesPanel({
        id: 'menu-conversion',
        title: '메뉴 클릭 → 실제 이용',
        hint: '이용: 에코포인트 업로드 시도, 무라벨 검색, 레스웨이스트 지도 검색. 집계 수의 비율이라 여러 번 검색하면 100%를 넘을 수 있습니다.',
        chart: 'bar',
        labelHeader: '메뉴',
        labels: MENUS.map((m) => MENU_NAMES[m]),
        series: [
          { name: '메뉴 클릭', unit: 'count', values: perMenu.map((m) => m.clicks) },
          { name: '실제 이용', unit: 'count', values: perMenu.map((m) => m.uses) },
          { name: '이용 / 클릭', unit: 'percent', values: perMenu.map((m) => percent(m.uses, m.clicks)) },
        ],
      }),
      seriesPanel({
        id: 'menu-gender-age',
        title: '성별 → 연령대 → 메뉴',
        chart: 'hbar',
        stacked: true,
        labelHeader: '성별 · 연령대',
        ...byDimension(
          rows,
          genderAgeKeys(filters),
          (r) => `${genderKeyOf(r)}|${ageKeyOf(r)}`,
          MENUS.map((m) => ({ name: MENU_NAMES[m], unit: 'count', match: `menu_click:${m}` })),
        ),
      }),
    ],
  };
}

function ecoPointTab(ctx: Context): LiveTab {
  const { rows, filters } = ctx;
  const points: Measure[] = [
    { name: '에코포인트1', unit: 'points', match: 'points:ecopoint:1' },
    { name: '에코포인트2', unit: 'points', match: 'points:ecopoint:2' },
  ];
  const services = (['1', '2'] as const).map((s) => {
    const attempts = sumOf(rows, `ecopoint:${s}`);
    const failures = sumOf(rows, `ecopoint_fail:${s}`);
    return { attempts, failures, successes: attempts - failures };
  });
  const attempts = services.reduce((n, s) => n + s.attempts, 0);
  const successes = services.reduce((n, s) => n + s.successes, 0);
  return {
    id: 'ecopoint',
    name: 'Eco point',
    heading: '에코포인트',
    kpis: [
      { label: '지급 포인트', value: sumOf(rows, 'points:ecopoint:'), unit: 'points' },
      { label: '업로드 시도', value: attempts, unit: 'count' },
      { label: '성공률', value: percent(successes, attempts), unit: 'percent' },
    ],
    panels: [
      seriesPanel({ id: 'eco-time', title: timeTitle(ctx, '지급 포인트'), chart: 'bar', stacked: true, ...overTime(ctx, points) }),
      seriesPanel({ id: 'eco-age', title: '연령대별 에코포인트1 vs 2', chart: 'bar', labelHeader: '연령대', ...byDimension(rows, ageKeys(filters), ageKeyOf, points) }),
      seriesPanel({ id: 'eco-gender', title: '성별 에코포인트1 vs 2', chart: 'bar', labelHeader: '성별', ...byDimension(rows, genderKeys(filters), genderKeyOf, points) }),
      seriesPanel({
        id: 'eco-outcome',
        title: '서비스별 시도 · 성공 · 실패',
        hint: '실패: 거절 코드가 남은 시도 (중복 사진, 오늘 찍지 않은 사진, 라벨 검출, OCR 실패, 일일 한도 등)',
        chart: 'bar',
        labelHeader: '서비스',
        labels: ['에코포인트1', '에코포인트2'],
        series: [
          { name: '시도', unit: 'count', values: services.map((s) => s.attempts) },
          { name: '성공', unit: 'count', values: services.map((s) => s.successes) },
          { name: '실패', unit: 'count', values: services.map((s) => s.failures) },
          { name: '성공률', unit: 'percent', values: services.map((s) => percent(s.successes, s.attempts)) },
        ],
      }),
      seriesPanel({ id: 'eco-region', title: '지역별 에코포인트1 vs 2', chart: 'bar', stacked: true, labelHeader: '지역', ...byDimension(rows, regionKeys(filters), regionKeyOf, points) }),
    ],
  };
}

function topWordsPanel(id: string, title: string, words: readonly RankedWord[]): Panel {
  return seriesPanel({ id, title, chart: 'hbar', labelHeader: '검색어', labels: words.map((w) => w.word), series: [{ name: '검색 수', unit: 'count', values: words.map((w) => w.count) }] });
}

function noLabelTab(ctx: Context): LiveTab {
  const { rows, filters, sources } = ctx;
  const searches = sumOf(rows, 'search');
  const clicks = sumOf(rows, 'product_click');
  const anonSearches = sumOf(rows.filter(isAnonymous), 'search');
  const memberKeys: Key[] = [{ key: 'member', label: '회원' }, ...anonKey(filters, true)];
  const main = sources.ranks[0];
  const dimLabel = main?.row.label ?? '전체';
  const regionNote = filters.region ? ' 검색어 순위는 지역별로 집계하지 않아 지역 필터가 적용되지 않습니다.' : '';
  return {
    id: 'nolabel',
    name: 'No label',
    heading: '무라벨 검색',
    kpis: [
      { label: '검색', value: searches, unit: 'count' },
      { label: '상품 클릭', value: clicks, unit: 'count' },
      { label: '클릭 / 검색', value: percent(clicks, searches), unit: 'percent' },
      { label: '비회원 검색 비율', value: percent(anonSearches, searches), unit: 'percent' },
    ],
    panels: [
      seriesPanel({
        id: 'nolabel-time',
        title: timeTitle(ctx, '검색 vs 상품 클릭'),
        chart: 'line',
        ...overTime(ctx, [
          { name: '검색', unit: 'count', match: 'search' },
          { name: '상품 클릭', unit: 'count', match: 'product_click' },
        ]),
      }),
      seriesPanel({
        id: 'nolabel-members',
        title: '회원 vs 비회원',
        chart: 'bar',
        labelHeader: '구분',
        ...byDimension(rows, memberKeys, (r) => (isAnonymous(r) ? ANON : 'member'), [
          { name: '무라벨 메뉴 클릭', unit: 'count', match: 'menu_click:nolabel' },
          { name: '검색', unit: 'count', match: 'search' },
          { name: '상품 클릭', unit: 'count', match: 'product_click' },
        ]),
      }),
      topWordsPanel('nolabel-top-main', `검색어 Top 10 · ${sources.windows.main} · ${dimLabel}`, main?.main ?? []),
      topWordsPanel('nolabel-top-recent', `검색어 Top 10 · ${sources.windows.recent} · ${dimLabel}`, main?.recent ?? []),
      rankingPanel({
        id: 'nolabel-ranks',
        title: '성별 → 연령대 검색어 순위',
        hint: `각 기간 ${RANKING_TOP}위까지.${regionNote}`,
        windows: [sources.windows.main, sources.windows.recent],
        rows: sources.ranks.map((r) => ({
          gender: r.row.gender ? genderName(r.row.gender) : '전체',
          ageBand: r.row.ageBand ? ageName(r.row.ageBand) : '전체',
          main: r.main,
          recent: r.recent,
        })),
      }),
    ],
  };
}

/**
 * The dashboard for `filters` from what the reader fetched.
 * @param now the reading time (decides "today")
 */
export function buildLiveDashboard(filters: LiveFilters, sources: LiveSources, now: Date = new Date()): LiveDashboard {
  const rows = filterRows(aggRows(sources.total), filters);
  const ctx: Context = { filters, rows, slots: sources.slots.map((s) => ({ label: s.label, rows: filterRows(aggRows(s.hash), filters) })), sources };
  const empty = Object.keys(sources.total).length === 0 && sources.ranks.every((r) => r.main.length === 0 && r.recent.length === 0);
  return {
    filters,
    summary: describeFilters(filters),
    today: seoulMinute(now).startsWith(filters.date),
    generatedAt: seoulIsoSeconds(now),
    empty,
    tabs: [inOutTab(ctx), menuTab(ctx), ecoPointTab(ctx), noLabelTab(ctx)],
  };
}
