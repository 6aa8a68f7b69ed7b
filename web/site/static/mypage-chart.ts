/*
 * Ciao label la — mypage chart: the member's points per month (bars) against the average of all members
 * (line), drawn with Chart.js (served from /static/chart.umd.min.js) from the canvas's data attributes.
 */
import { chartJs } from '../../browser/chart-global';
import { onReady, prefersReducedMotion } from '../../browser/dom';

function numbers(canvas: HTMLElement, name: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(canvas.getAttribute(`data-${name}`) ?? '[]');
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

function draw(): void {
  const canvas = document.getElementById('points-chart');
  const Chart = chartJs();
  if (!(canvas instanceof HTMLCanvasElement) || !Chart) return;
  Chart.defaults.font.family = '"Pretendard", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "NanumGothic", sans-serif';
  Chart.defaults.color = '#425249';
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: numbers(canvas, 'labels').map(String),
      datasets: [
        // minBarLength: a month of 0 points still shows the member's bar, as a stub beside the average's point
        // (with both at 0 the bar used to vanish under the line).
        { type: 'bar', label: '나', data: numbers(canvas, 'mine').map(Number), backgroundColor: '#2f9a62', borderRadius: 6, maxBarThickness: 48, minBarLength: 6, order: 2 },
        { type: 'line', label: '회원 평균', data: numbers(canvas, 'average').map(Number), borderColor: '#2b7bb9', backgroundColor: '#2b7bb9', pointRadius: 4, tension: 0.2, order: 1 },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      ...(prefersReducedMotion() ? { animation: false as const } : {}),
      scales: { y: { beginAtZero: true, ticks: { precision: 0, callback: (v) => `${v}P` } } },
      plugins: {
        legend: { position: 'bottom', labels: { sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) } },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${ctx.formattedValue}P` } },
      },
    },
  });
}

onReady(draw);
