/*
 * Ciao label la — mypage chart: the member's points per month (bars) against the average of all members
 * (line), drawn with Chart.js (served from /static/chart.umd.min.js) from the canvas's data attributes.
 */
(function () {
  'use strict';
  function parse(canvas, name) {
    try {
      return JSON.parse(canvas.getAttribute('data-' + name) || '[]');
    } catch (e) {
      return [];
    }
  }

  function draw() {
    var canvas = document.getElementById('points-chart');
    if (!canvas || typeof window.Chart === 'undefined') return;
    var font = '"Pretendard", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "NanumGothic", sans-serif';
    window.Chart.defaults.font.family = font;
    window.Chart.defaults.color = '#425249';
    new window.Chart(canvas, {
      data: {
        labels: parse(canvas, 'labels'),
        datasets: [
          { type: 'bar', label: '나', data: parse(canvas, 'mine'), backgroundColor: '#2f9a62', borderRadius: 6, maxBarThickness: 48, order: 2 },
          { type: 'line', label: '회원 평균', data: parse(canvas, 'average'), borderColor: '#2b7bb9', backgroundColor: '#2b7bb9', pointRadius: 4, tension: 0.2, order: 1 }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches ? false : undefined,
        scales: { y: { beginAtZero: true, ticks: { precision: 0, callback: function (v) { return v + 'P'; } } } },
        plugins: {
          legend: { position: 'bottom', labels: { sort: function (a, b) { return a.datasetIndex - b.datasetIndex; } } },
          tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ': ' + ctx.formattedValue + 'P'; } } }
        }
      }
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
