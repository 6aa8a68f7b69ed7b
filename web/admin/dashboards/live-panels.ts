/**
 * The shapes the live dashboard hands to the page, the browser (as JSON) and the CSV download: panels of
 * series (one chart + its table) and panels of search-word rankings. Pure.
 */

/** What a number counts: events, eco points, or a percentage. */
export type Unit = 'count' | 'points' | 'percent';

/** One line / bar set of a chart: a value per label. */
export interface Series {
  readonly name: string;
  readonly unit: Unit;
  readonly values: readonly number[];
}

/** A panel's numbers as a table: what the page's table shows and the CSV download holds. */
export interface PanelTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** A chart over labels (hours, age bands, …) with its table. */
export interface SeriesPanel {
  readonly kind: 'series';
  /** Stable id, used in the CSV URL and as the DOM id (`inout-time`). */
  readonly id: string;
  readonly title: string;
  /** One line of explanation under the title. */
  readonly hint?: string;
  /** `hbar` is a horizontal bar chart (long labels such as search words). */
  readonly chart: 'bar' | 'line' | 'hbar';
  readonly stacked: boolean;
  /** Heading of the label column (`시간`, `연령대`). */
  readonly labelHeader: string;
  readonly labels: readonly string[];
  /** Count / points series are drawn on the left axis, percentages as a line on a right axis. */
  readonly series: readonly Series[];
  readonly table: PanelTable;
}

import type { RankedWord } from '../../search-ranks/rank-keys';

export type { RankedWord };

/** One row of a ranking panel: a gender / age-band dimension and its top words in both windows. */
export interface RankingRow {
  /** `전체`, `남성`, … */
  readonly gender: string;
  /** `전체`, `20대`, … */
  readonly ageBand: string;
  readonly main: readonly RankedWord[];
  readonly recent: readonly RankedWord[];
}

/** Top search words per gender → age band, in two windows (the day or hour, and the last 60 minutes). */
export interface RankingPanel {
  readonly kind: 'ranking';
  readonly id: string;
  readonly title: string;
  readonly hint?: string;
  /** Labels of the two windows (`오늘`, `최근 60분 (08:16–09:15)`). */
  readonly windows: readonly [main: string, recent: string];
  readonly rows: readonly RankingRow[];
  /** Long format (gender, age band, window, rank, word, searches): the CSV download. */
  readonly table: PanelTable;
}

export type Panel = SeriesPanel | RankingPanel;

const UNIT_SUFFIX: Readonly<Record<Unit, string>> = { count: '', points: ' (P)', percent: ' (%)' };

/** A series panel with its table (label column, then one column per series, unit in the heading). */
export function seriesPanel(panel: Omit<SeriesPanel, 'kind' | 'table' | 'stacked'> & { stacked?: boolean }): SeriesPanel {
  const header = [panel.labelHeader, ...panel.series.map((s) => `${s.name}${UNIT_SUFFIX[s.unit]}`)];
  const rows = panel.labels.map((label, i) => [label, ...panel.series.map((s) => s.values[i] ?? 0)]);
  return { kind: 'series', stacked: false, ...panel, table: { header, rows } };
}

/** How many words per row and window a ranking panel shows. */
export const RANKING_TOP = 5;

/** A ranking panel with its long-format table. */
export function rankingPanel(panel: Omit<RankingPanel, 'kind' | 'table'>): RankingPanel {
  const rows: (string | number)[][] = [];
  for (const r of panel.rows) {
    for (const [window, words] of [
      [panel.windows[0], r.main],
      [panel.windows[1], r.recent],
    ] as const) {
      words.slice(0, RANKING_TOP).forEach((w, i) => rows.push([r.gender, r.ageBand, window, i + 1, w.word, w.count]));
    }
  }
  return { kind: 'ranking', ...panel, rows: panel.rows.map((r) => ({ ...r, main: r.main.slice(0, RANKING_TOP), recent: r.recent.slice(0, RANKING_TOP) })), table: { header: ['성별', '연령대', '기간', '순위', '검색어', '검색 수'], rows } };
}

/** A headline number of a tab. */
export interface Kpi {
  readonly label: string;
  readonly value: number;
  readonly unit: Unit;
}

/** One tab of a dashboard (live or weekly): headline numbers and chart panels. */
export interface DashboardTab<Id extends string = string> {
  readonly id: Id;
  /** The tab's name as SPEC §2 spells it (`In/Out`). */
  readonly name: string;
  /** Korean heading (`로그인 · 로그아웃`). */
  readonly heading: string;
  readonly kpis: readonly Kpi[];
  readonly panels: readonly Panel[];
}

/**
 * What the dashboards' browser script reads from a JSON endpoint; the live and the weekly dashboard both
 * answer this shape (and more).
 */
export interface DashboardJson {
  /** The filters in Korean. */
  readonly summary: string;
  /** When the numbers were read, ISO-8601 with the Korea offset. */
  readonly generatedAt: string;
  /** True when there is nothing to show for the filters. */
  readonly empty: boolean;
  readonly tabs: readonly DashboardTab[];
}

/** The panel `id` of a dashboard (live or weekly), if any. */
export function findPanel(dashboard: { readonly tabs: readonly DashboardTab[] }, id: string): Panel | undefined {
  for (const tab of dashboard.tabs) {
    const panel = tab.panels.find((p) => p.id === id);
    if (panel) return panel;
  }
  return undefined;
}
