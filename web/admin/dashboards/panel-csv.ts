/**
 * CSV downloads of the live dashboard: one panel's table exactly as the page shows it (same filters, same
 * columns), UTF-8 with a byte-order mark so Excel opens Korean text correctly, CRLF line ends, and cells that
 * start like a formula (`=`, `+`, `-`, `@`) prefixed with `'` — search words are user input. Pure.
 */
import Papa from 'papaparse';
import { filterSlug, type LiveFilters } from './live-filters';
import type { Panel } from './live-panels';

/** The byte-order mark Excel needs to read a CSV file as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** The CSV text of `panel`'s table, BOM included. */
export function panelCsv(panel: Panel): string {
  const { header, rows } = panel.table;
  const text = Papa.unparse({ fields: [...header], data: rows.map((r) => [...r]) }, { newline: '\r\n', escapeFormulae: true });
  // Papa ends the text with a newline only when there are no rows; end it with one either way.
  return `${UTF8_BOM}${text.replace(/\r\n$/, '')}\r\n`;
}

/** Download file name: `ciao-live_inout-time_2026-11-25_h09_W.csv` (ASCII, so every browser keeps it). */
export function panelCsvName(panel: Panel, filters: LiveFilters): string {
  return `ciao-live_${panel.id}_${filterSlug(filters)}.csv`;
}
