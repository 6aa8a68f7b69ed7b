/**
 * Chart.js as the pages load it: its UMD build, served by each area from node_modules and loaded by its own
 * `<script>` before ours, sets `window.Chart`. Typed by the package's own declarations (a type-only import:
 * nothing of Chart.js is bundled into our scripts).
 */
import type { Chart } from 'chart.js';

/** The Chart.js constructor, or undefined when its script did not load. */
export function chartJs(): typeof Chart | undefined {
  return (window as unknown as { Chart?: typeof Chart }).Chart;
}
