/*
 * Admin dashboards (/admin/logs/live and /admin/logs/weekly): draws each panel's chart with Chart.js (served
 * locally), switches tabs in place, and refreshes charts, tables and headline numbers from the JSON endpoint
 * every few seconds. The server renders every number as a table first, so the page reads fine without this
 * file. No inline script or style (the CSP forbids both); search words are user input, so text goes in
 * through textContent only.
 */
import type { Chart as ChartInstance, ChartDataset, ChartOptions, Plugin } from 'chart.js';
import { findPanel, type DashboardJson, type Panel, type RankedWord, type RankingPanel, type SeriesPanel, type Unit } from '../dashboards/live-panels';
import { chartJs } from '../../browser/chart-global';
import { prefersReducedMotion, setText } from '../../browser/dom';

/** A dataset with the unit its tooltip formats by. */
type UnitDataset = ChartDataset<'bar' | 'line', number[]> & { unit: Unit };

// Colours: the same name is the same colour on every chart; others take the palette in order.
const NAMED: Readonly<Record<string, string>> = {
  로그인: '#0f7b6c', 로그아웃: '#f08c00', 남성: '#3b7dd8', 여성: '#d6457a',
  에코포인트1: '#1e9e6a', 에코포인트2: '#e2a000', 무라벨: '#3b7dd8', 레스웨이스트: '#8a63d2',
  페이지뷰: '#9aa7b4', '메뉴 클릭': '#3b7dd8', '실제 이용': '#0f7b6c', '이용 / 클릭': '#d93025',
  검색: '#3b7dd8', '상품 클릭': '#f08c00', '무라벨 메뉴 클릭': '#9aa7b4', '검색 수': '#0f7b6c',
  시도: '#9aa7b4', 성공: '#1e9e6a', 실패: '#d93025', 성공률: '#12312c', 비회원: '#9aa7b4',
  '에코포인트1 비중': '#12312c', '레스웨이스트 검색': '#8a63d2',
};
const PALETTE = ['#0f7b6c', '#f08c00', '#3b7dd8', '#d6457a', '#8a63d2', '#6b7280'] as const;

const colourOf = (name: string, i: number): string => NAMED[name] ?? PALETTE[i % PALETTE.length] ?? '#6b7280';

function format(value: unknown, unit: Unit | undefined): string {
  const text = Number(value ?? 0).toLocaleString('ko-KR', { maximumFractionDigits: 1 });
  return unit === 'percent' ? `${text}%` : unit === 'points' ? `${text}P` : text;
}

const panelsOf = (data: DashboardJson): Panel[] => data.tabs.flatMap((tab) => [...tab.panels]);

function cell<K extends keyof HTMLElementTagNameMap>(tag: K, text: string, className = ''): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

function seriesTable(panel: SeriesPanel): HTMLTableElement {
  const table = document.createElement('table');
  table.appendChild(cell('caption', panel.title, 'sr-only'));
  const head = document.createElement('tr');
  panel.table.header.forEach((h, i) => {
    const th = cell('th', h, i > 0 ? 'num' : '');
    th.scope = 'col';
    head.appendChild(th);
  });
  table.appendChild(document.createElement('thead')).appendChild(head);
  const body = table.appendChild(document.createElement('tbody'));
  panel.labels.forEach((label, i) => {
    const tr = body.appendChild(document.createElement('tr'));
    tr.appendChild(cell('th', label)).scope = 'row';
    for (const s of panel.series) tr.appendChild(cell('td', format(s.values[i], s.unit), 'num'));
  });
  return table;
}

function wordList(words: readonly RankedWord[]): HTMLElement {
  if (words.length === 0) return cell('span', '—', 'muted');
  const ol = document.createElement('ol');
  ol.className = 'words';
  for (const w of words) {
    const li = ol.appendChild(document.createElement('li'));
    li.appendChild(cell('span', w.word, 'word'));
    li.appendChild(document.createTextNode(' '));
    li.appendChild(cell('span', Number(w.count).toLocaleString('ko-KR'), 'n'));
  }
  return ol;
}

function rankingTable(panel: RankingPanel): HTMLTableElement {
  const table = document.createElement('table');
  table.appendChild(cell('caption', panel.title, 'sr-only'));
  const head = document.createElement('tr');
  for (const h of ['성별', '연령대', panel.windows[0], panel.windows[1]]) head.appendChild(cell('th', h)).scope = 'col';
  table.appendChild(document.createElement('thead')).appendChild(head);
  const body = table.appendChild(document.createElement('tbody'));
  for (const r of panel.rows) {
    const tr = body.appendChild(document.createElement('tr'));
    if (r.ageBand === '전체') tr.className = 'group-row';
    tr.appendChild(cell('th', r.gender)).scope = 'row';
    tr.appendChild(cell('td', r.ageBand));
    tr.appendChild(document.createElement('td')).appendChild(wordList(r.main));
    tr.appendChild(document.createElement('td')).appendChild(wordList(r.recent));
  }
  return table;
}

function datasetsOf(panel: SeriesPanel): UnitDataset[] {
  const horizontal = panel.chart === 'hbar';
  return panel.series.map((s, i): UnitDataset => {
    const colour = colourOf(s.name, i);
    const percent = s.unit === 'percent';
    const line = panel.chart === 'line' || percent;
    const common = { label: s.name, unit: s.unit, data: [...s.values], borderColor: colour, order: percent ? 0 : 1, ...(!horizontal && percent ? { yAxisID: 'y1' } : {}), ...(panel.stacked && !percent ? { stack: 'total' } : {}) };
    if (!line) return { ...common, type: 'bar', backgroundColor: `${colour}cc`, borderWidth: 0, borderRadius: 3, maxBarThickness: 42 };
    // A rate is drawn as points on its own axis: a line between categories would suggest a trend.
    return { ...common, type: 'line', backgroundColor: colour, borderWidth: 2, showLine: !percent, pointRadius: percent ? 5 : 2.5, pointHoverRadius: percent ? 7 : 4, pointStyle: percent ? 'rectRot' : 'circle', tension: 0.25 };
  });
}

function optionsOf(panel: SeriesPanel): ChartOptions<'bar' | 'line'> {
  const horizontal = panel.chart === 'hbar';
  const hasPercent = panel.series.some((s) => s.unit === 'percent');
  const valueAxis = {
    beginAtZero: true,
    stacked: panel.stacked,
    ticks: { precision: 0, callback: (v: number | string) => Number(v).toLocaleString('ko-KR') },
    grid: { color: '#edf0f3' },
  };
  const labelAxis = { stacked: panel.stacked, grid: { display: false }, ticks: { autoSkip: !horizontal, maxRotation: 0 } };
  const scales: Record<string, object> = horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
  if (hasPercent && !horizontal) scales.y1 = { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { callback: (v: number | string) => `${v}%` } };
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: prefersReducedMotion() ? false : { duration: 300 },
    indexAxis: horizontal ? 'y' : 'x',
    interaction: { mode: 'index', intersect: false },
    scales,
    plugins: {
      legend: { display: panel.series.length > 1, position: 'bottom', labels: { boxWidth: 12, boxHeight: 12, sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) } },
      tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${format(ctx.raw, (ctx.dataset as Partial<UnitDataset>).unit)}` } },
    },
  };
}

function startDashboard(root: HTMLElement): void {
  const apiUrl = root.getAttribute('data-live-api') ?? '';
  const pollMs = Number(root.getAttribute('data-poll-ms')) || 5000;
  const Chart = chartJs();
  const charts = new Map<string, ChartInstance<'bar' | 'line', number[], string>>();
  let latest: DashboardJson | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;

  root.classList.add('has-js');
  const toggle = root.querySelector<HTMLInputElement>('[data-live-toggle]');
  const toggleLabel = root.querySelector<HTMLElement>('[data-live-toggle-label]');
  if (toggleLabel) toggleLabel.hidden = false;

  // Writes "데이터 없음" over a chart whose every value is zero, so an empty chart is not mistaken for a broken one.
  const emptyNote: Plugin<'bar' | 'line'> = {
    id: 'emptyNote',
    afterDraw(chart) {
      if (chart.data.datasets.some((d) => d.data.some((v) => Boolean(v)))) return;
      const { chartArea: area, ctx } = chart;
      ctx.save();
      ctx.fillStyle = '#8a96a3';
      ctx.font = `13px ${String(Chart?.defaults.font.family ?? 'sans-serif')}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('데이터 없음', (area.left + area.right) / 2, (area.top + area.bottom) / 2);
      ctx.restore();
    },
  };

  const drawChart = (article: Element, panel: SeriesPanel): void => {
    const box = article.querySelector<HTMLElement>('[data-chart-box]');
    if (!box || !Chart) return;
    // Horizontal bars get a height from their number of labels so long lists stay readable.
    if (panel.chart === 'hbar') box.style.height = `${Math.min(560, 64 + Math.max(panel.labels.length, 3) * 26)}px`;
    const existing = charts.get(panel.id);
    if (existing) {
      existing.data.labels = [...panel.labels];
      const fresh = datasetsOf(panel);
      existing.data.datasets.forEach((d, i) => {
        const next = fresh[i];
        if (next) d.data = next.data;
      });
      existing.update('none');
      return;
    }
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-labelledby', box.getAttribute('data-title-id') ?? '');
    canvas.setAttribute('aria-describedby', box.getAttribute('data-table-id') ?? '');
    box.appendChild(canvas);
    charts.set(panel.id, new Chart<'bar' | 'line', number[], string>(canvas, { type: panel.chart === 'line' ? 'line' : 'bar', data: { labels: [...panel.labels], datasets: datasetsOf(panel) }, options: optionsOf(panel), plugins: [emptyNote] }));
  };

  // Charts are drawn for the visible tab only (a hidden canvas has no size) and updated when shown.
  const drawVisible = (): void => {
    root.querySelectorAll('[data-tab-panel]:not([hidden]) [data-panel][data-kind="series"]').forEach((article) => {
      const id = article.getAttribute('data-panel');
      const panel = latest && id ? findPanel(latest, id) : undefined;
      if (panel?.kind === 'series') drawChart(article, panel);
    });
  };

  const apply = (data: DashboardJson): void => {
    latest = data;
    (window as unknown as { ciaoLiveDashboard: DashboardJson }).ciaoLiveDashboard = data; // for operators' consoles and the browser test
    setText(root.querySelector('[data-live-summary]'), data.summary);
    const updated = root.querySelector('[data-live-updated]');
    if (updated) {
      updated.setAttribute('datetime', data.generatedAt);
      setText(updated, data.generatedAt.slice(11, 19));
    }
    for (const tab of data.tabs) tab.kpis.forEach((k, i) => setText(root.querySelector(`[data-kpi="${tab.id}-${i}"]`), format(k.value, k.unit)));
    for (const panel of panelsOf(data)) {
      const article = root.querySelector(`[data-panel="${panel.id}"]`);
      if (!article) continue;
      setText(article.querySelector('[data-panel-title]'), panel.title);
      const wrap = article.querySelector('[data-table]');
      if (wrap) {
        const scroll = wrap.scrollTop;
        wrap.replaceChildren(panel.kind === 'ranking' ? rankingTable(panel) : seriesTable(panel));
        wrap.scrollTop = scroll;
      }
    }
    const emptyNotice = document.querySelector<HTMLElement>('[data-notice="live-empty"]');
    if (emptyNotice && !data.empty) emptyNotice.hidden = true;
    drawVisible();
    root.setAttribute('data-loaded', data.generatedAt);
  };

  // ---- polling

  const setStatus = (ok: boolean): void => {
    const dot = root.querySelector('[data-live-dot]');
    if (!dot) return;
    dot.classList.toggle('error', !ok);
    dot.classList.toggle('paused', ok && !toggle?.checked);
  };

  const schedule = (): void => {
    clearTimeout(timer);
    if (!toggle?.checked || document.hidden) return;
    timer = setTimeout(load, Math.min(pollMs * 2 ** failures, 60_000));
  };

  function load(): void {
    fetch(apiUrl, { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then((res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json() as Promise<DashboardJson>;
      })
      .then((data) => {
        failures = 0;
        apply(data);
        setStatus(true);
      })
      .catch(() => {
        failures = Math.min(failures + 1, 4);
        setStatus(false);
      })
      .finally(schedule);
  }

  toggle?.addEventListener('change', () => {
    setStatus(true);
    if (toggle.checked) load();
    else clearTimeout(timer);
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && toggle?.checked) load();
  });

  // ---- tabs (links without JavaScript; switched in place with it)

  const tabs = [...root.querySelectorAll<HTMLElement>('[data-tab]')];
  const tabInput = root.querySelector<HTMLInputElement>('[data-tab-input]');

  const showTab = (id: string, focus: boolean): void => {
    for (const t of tabs) {
      const on = t.getAttribute('data-tab') === id;
      t.classList.toggle('active', on);
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
      if (on && focus) t.focus();
    }
    root.querySelectorAll<HTMLElement>('[data-tab-panel]').forEach((p) => {
      p.hidden = p.getAttribute('data-tab-panel') !== id;
    });
    if (tabInput) tabInput.value = id;
    const url = new URL(window.location.href);
    url.searchParams.set('tab', id);
    window.history.replaceState(null, '', url.pathname + url.search);
    drawVisible();
  };

  tabs.forEach((t, i) => {
    t.tabIndex = t.classList.contains('active') ? 0 : -1;
    t.addEventListener('click', (event) => {
      event.preventDefault();
      showTab(t.getAttribute('data-tab') ?? '', false);
    });
    t.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      event.preventDefault();
      const next = tabs[(i + step + tabs.length) % tabs.length];
      if (next) showTab(next.getAttribute('data-tab') ?? '', true);
    });
  });

  const dateInput = root.querySelector<HTMLInputElement>('[data-autosubmit-input]');
  dateInput?.addEventListener('change', () => {
    if (dateInput.value && dateInput.form) dateInput.form.submit();
  });

  if (Chart) {
    Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", "Nanum Gothic", "Noto Sans KR", sans-serif';
    Chart.defaults.font.size = 12;
    Chart.defaults.color = '#4a5560';
  }
  load();
}

const dashboard = document.querySelector<HTMLElement>('.live-dashboard');
if (dashboard) startDashboard(dashboard);
