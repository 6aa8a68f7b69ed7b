// Admin real-time dashboard (/admin/logs/live): draws each panel's chart with Chart.js (served locally),
// switches tabs in place, and refreshes charts, tables and headline numbers from the JSON endpoint every
// few seconds. The server renders every number as a table first, so the page reads fine without this file.
// No inline script or style (the admin CSP forbids both); search words are user input, so text goes in
// through textContent only.
(function () {
  'use strict';

  var root = document.querySelector('.live-dashboard');
  if (!root) return;
  var apiUrl = root.getAttribute('data-live-api');
  var pollMs = Number(root.getAttribute('data-poll-ms')) || 5000;
  var ChartJs = window.Chart;
  var charts = {}; // panel id -> Chart
  var latest = null;
  var timer = null;
  var failures = 0;
  var reducedMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  root.classList.add('has-js');
  var toggle = root.querySelector('[data-live-toggle]');
  var toggleLabel = root.querySelector('[data-live-toggle-label]');
  if (toggleLabel) toggleLabel.hidden = false;

  // Colours: the same name is the same colour on every chart; others take the palette in order.
  var NAMED = {
    '로그인': '#0f7b6c', '로그아웃': '#f08c00', '남성': '#3b7dd8', '여성': '#d6457a',
    '에코포인트1': '#1e9e6a', '에코포인트2': '#e2a000', '무라벨': '#3b7dd8', '레스웨이스트': '#8a63d2',
    '페이지뷰': '#9aa7b4', '메뉴 클릭': '#3b7dd8', '실제 이용': '#0f7b6c', '이용 / 클릭': '#d93025',
    '검색': '#3b7dd8', '상품 클릭': '#f08c00', '무라벨 메뉴 클릭': '#9aa7b4', '검색 수': '#0f7b6c',
    '시도': '#9aa7b4', '성공': '#1e9e6a', '실패': '#d93025', '성공률': '#12312c', '비회원': '#9aa7b4',
    '에코포인트1 비중': '#12312c', '레스웨이스트 검색': '#8a63d2'
  };
  var PALETTE = ['#0f7b6c', '#f08c00', '#3b7dd8', '#d6457a', '#8a63d2', '#6b7280'];
  function colourOf(name, i) {
    return NAMED[name] || PALETTE[i % PALETTE.length];
  }

  function format(value, unit) {
    var text = Number(value || 0).toLocaleString('ko-KR', { maximumFractionDigits: 1 });
    return unit === 'percent' ? text + '%' : unit === 'points' ? text + 'P' : text;
  }

  function panels(data) {
    var all = [];
    (data.tabs || []).forEach(function (tab) {
      (tab.panels || []).forEach(function (p) { all.push(p); });
    });
    return all;
  }

  function findPanel(id) {
    return latest ? panels(latest).filter(function (p) { return p.id === id; })[0] : undefined;
  }

  // ---- charts

  // Writes "데이터 없음" over a chart whose every value is zero, so an empty chart is not mistaken for a
  // broken one.
  var emptyNote = {
    id: 'emptyNote',
    afterDraw: function (chart) {
      var any = chart.data.datasets.some(function (d) { return d.data.some(function (v) { return v; }); });
      if (any) return;
      var area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = '#8a96a3';
      ctx.font = '13px ' + ChartJs.defaults.font.family;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('데이터 없음', (area.left + area.right) / 2, (area.top + area.bottom) / 2);
      ctx.restore();
    }
  };

  function datasetsOf(panel) {
    var horizontal = panel.chart === 'hbar';
    return panel.series.map(function (s, i) {
      var colour = colourOf(s.name, i);
      var percent = s.unit === 'percent';
      var line = panel.chart === 'line' || percent;
      return {
        type: line ? 'line' : 'bar',
        label: s.name,
        unit: s.unit,
        data: s.values.slice(),
        backgroundColor: line ? colour : colour + 'cc',
        borderColor: colour,
        borderWidth: line ? 2 : 0,
        borderRadius: line ? 0 : 3,
        // A rate is drawn as points on its own axis: a line between categories would suggest a trend.
        showLine: !percent,
        pointRadius: percent ? 5 : line ? 2.5 : 0,
        pointHoverRadius: percent ? 7 : 4,
        pointStyle: percent ? 'rectRot' : 'circle',
        tension: 0.25,
        maxBarThickness: 42,
        order: percent ? 0 : 1,
        yAxisID: !horizontal && percent ? 'y1' : undefined,
        stack: panel.stacked && !percent ? 'total' : undefined
      };
    });
  }

  function optionsOf(panel) {
    var horizontal = panel.chart === 'hbar';
    var hasPercent = panel.series.some(function (s) { return s.unit === 'percent'; });
    var valueAxis = {
      beginAtZero: true,
      stacked: panel.stacked,
      ticks: { precision: 0, callback: function (v) { return Number(v).toLocaleString('ko-KR'); } },
      grid: { color: '#edf0f3' }
    };
    var labelAxis = { stacked: panel.stacked, grid: { display: false }, ticks: { autoSkip: !horizontal, maxRotation: 0 } };
    var scales = horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
    if (hasPercent && !horizontal) {
      scales.y1 = { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { callback: function (v) { return v + '%'; } } };
    }
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion ? false : { duration: 300 },
      indexAxis: horizontal ? 'y' : 'x',
      interaction: { mode: 'index', intersect: false },
      scales: scales,
      plugins: {
        legend: {
          display: panel.series.length > 1,
          position: 'bottom',
          labels: { boxWidth: 12, boxHeight: 12, sort: function (a, b) { return a.datasetIndex - b.datasetIndex; } }
        },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              return ctx.dataset.label + ': ' + format(ctx.raw, ctx.dataset.unit);
            }
          }
        }
      }
    };
  }

  // Horizontal bars get a height from their number of labels so long lists stay readable.
  function sizeBox(box, panel) {
    if (panel.chart !== 'hbar') return;
    var rows = Math.max(panel.labels.length, 3);
    box.style.height = Math.min(560, 64 + rows * 26) + 'px';
  }

  function drawChart(article, panel) {
    var box = article.querySelector('[data-chart-box]');
    if (!box || !ChartJs) return;
    sizeBox(box, panel);
    var existing = charts[panel.id];
    if (existing) {
      existing.data.labels = panel.labels.slice();
      var fresh = datasetsOf(panel);
      existing.data.datasets.forEach(function (d, i) {
        if (fresh[i]) d.data = fresh[i].data;
      });
      existing.update('none');
      return;
    }
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-labelledby', box.getAttribute('data-title-id'));
    canvas.setAttribute('aria-describedby', box.getAttribute('data-table-id'));
    box.appendChild(canvas);
    charts[panel.id] = new ChartJs(canvas, {
      type: panel.chart === 'line' ? 'line' : 'bar',
      data: { labels: panel.labels.slice(), datasets: datasetsOf(panel) },
      options: optionsOf(panel),
      plugins: [emptyNote]
    });
  }

  // Charts are drawn for the visible tab only (a hidden canvas has no size) and updated when shown.
  function drawVisible() {
    if (!latest) return;
    root.querySelectorAll('[data-tab-panel]:not([hidden]) [data-panel][data-kind="series"]').forEach(function (article) {
      var panel = findPanel(article.getAttribute('data-panel'));
      if (panel) drawChart(article, panel);
    });
  }

  // ---- tables and text

  function cell(tag, text, className) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function seriesTable(panel) {
    var table = document.createElement('table');
    table.appendChild(cell('caption', panel.title, 'sr-only'));
    var head = document.createElement('tr');
    panel.table.header.forEach(function (h, i) {
      var th = cell('th', h, i > 0 ? 'num' : '');
      th.scope = 'col';
      head.appendChild(th);
    });
    table.appendChild(document.createElement('thead')).appendChild(head);
    var body = table.appendChild(document.createElement('tbody'));
    panel.labels.forEach(function (label, i) {
      var tr = body.appendChild(document.createElement('tr'));
      var th = tr.appendChild(cell('th', label));
      th.scope = 'row';
      panel.series.forEach(function (s) {
        tr.appendChild(cell('td', format(s.values[i], s.unit), 'num'));
      });
    });
    return table;
  }

  function wordList(words) {
    if (!words.length) return cell('span', '—', 'muted');
    var ol = document.createElement('ol');
    ol.className = 'words';
    words.forEach(function (w) {
      var li = ol.appendChild(document.createElement('li'));
      li.appendChild(cell('span', w.word, 'word'));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(cell('span', Number(w.count).toLocaleString('ko-KR'), 'n'));
    });
    return ol;
  }

  function rankingTable(panel) {
    var table = document.createElement('table');
    table.appendChild(cell('caption', panel.title, 'sr-only'));
    var head = document.createElement('tr');
    ['성별', '연령대', panel.windows[0], panel.windows[1]].forEach(function (h) {
      var th = head.appendChild(cell('th', h));
      th.scope = 'col';
    });
    table.appendChild(document.createElement('thead')).appendChild(head);
    var body = table.appendChild(document.createElement('tbody'));
    panel.rows.forEach(function (r) {
      var tr = body.appendChild(document.createElement('tr'));
      if (r.ageBand === '전체') tr.className = 'group-row';
      tr.appendChild(cell('th', r.gender)).scope = 'row';
      tr.appendChild(cell('td', r.ageBand));
      tr.appendChild(document.createElement('td')).appendChild(wordList(r.main));
      tr.appendChild(document.createElement('td')).appendChild(wordList(r.recent));
    });
    return table;
  }

  function setText(el, text) {
    if (el && el.textContent !== text) el.textContent = text;
  }

  function apply(data) {
    latest = data;
    window.ciaoLiveDashboard = data; // for operators' consoles and the browser test
    setText(root.querySelector('[data-live-summary]'), data.summary);
    var updated = root.querySelector('[data-live-updated]');
    if (updated) {
      updated.setAttribute('datetime', data.generatedAt);
      setText(updated, data.generatedAt.slice(11, 19));
    }
    (data.tabs || []).forEach(function (tab) {
      tab.kpis.forEach(function (k, i) {
        setText(root.querySelector('[data-kpi="' + tab.id + '-' + i + '"]'), format(k.value, k.unit));
      });
    });
    panels(data).forEach(function (panel) {
      var article = root.querySelector('[data-panel="' + panel.id + '"]');
      if (!article) return;
      setText(article.querySelector('[data-panel-title]'), panel.title);
      var wrap = article.querySelector('[data-table]');
      if (wrap) {
        var scroll = wrap.scrollTop;
        wrap.replaceChildren(panel.kind === 'ranking' ? rankingTable(panel) : seriesTable(panel));
        wrap.scrollTop = scroll;
      }
    });
    var emptyNotice = document.querySelector('[data-notice="live-empty"]');
    if (emptyNotice && !data.empty) emptyNotice.hidden = true;
    drawVisible();
    root.setAttribute('data-loaded', data.generatedAt);
  }

  // ---- polling

  function setStatus(ok) {
    var dot = root.querySelector('[data-live-dot]');
    if (!dot) return;
    dot.classList.toggle('error', !ok);
    dot.classList.toggle('paused', ok && !(toggle && toggle.checked));
  }

  function schedule() {
    clearTimeout(timer);
    if (!toggle || !toggle.checked || document.hidden) return;
    timer = setTimeout(load, Math.min(pollMs * Math.pow(2, failures), 60000));
  }

  function load() {
    fetch(apiUrl, { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (data) {
        failures = 0;
        apply(data);
        setStatus(true);
      })
      .catch(function () {
        failures = Math.min(failures + 1, 4);
        setStatus(false);
      })
      .then(schedule);
  }

  if (toggle) {
    toggle.addEventListener('change', function () {
      setStatus(true);
      if (toggle.checked) load();
      else clearTimeout(timer);
    });
  }
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && toggle && toggle.checked) load();
  });

  // ---- tabs (links without JavaScript; switched in place with it)

  var tabs = Array.prototype.slice.call(root.querySelectorAll('[data-tab]'));
  var tabInput = root.querySelector('[data-tab-input]');

  function showTab(id, focus) {
    tabs.forEach(function (t) {
      var on = t.getAttribute('data-tab') === id;
      t.classList.toggle('active', on);
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
      if (on && focus) t.focus();
    });
    root.querySelectorAll('[data-tab-panel]').forEach(function (p) {
      p.hidden = p.getAttribute('data-tab-panel') !== id;
    });
    if (tabInput) tabInput.value = id;
    var url = new URL(window.location.href);
    url.searchParams.set('tab', id);
    window.history.replaceState(null, '', url.pathname + url.search);
    drawVisible();
  }

  tabs.forEach(function (t, i) {
    t.tabIndex = t.classList.contains('active') ? 0 : -1;
    t.addEventListener('click', function (event) {
      event.preventDefault();
      showTab(t.getAttribute('data-tab'), false);
    });
    t.addEventListener('keydown', function (event) {
      var step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      event.preventDefault();
      var next = tabs[(i + step + tabs.length) % tabs.length];
      showTab(next.getAttribute('data-tab'), true);
    });
  });

  var dateInput = root.querySelector('[data-autosubmit-input]');
  if (dateInput) {
    dateInput.addEventListener('change', function () {
      if (dateInput.value && dateInput.form) dateInput.form.submit();
    });
  }

  if (ChartJs) {
    ChartJs.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", "Nanum Gothic", "Noto Sans KR", sans-serif';
    ChartJs.defaults.font.size = 12;
    ChartJs.defaults.color = '#4a5560';
  }
  load();
})();
