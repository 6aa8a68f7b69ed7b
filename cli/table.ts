/**
 * Plain-text tables for human output (`--json` prints the rows instead).
 */

/** Renders rows as an aligned table with a header; cells are stringified. */
export function renderTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = [headers.map(String), ...rows.map((r) => r.map(cellText))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: readonly string[]): string => r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - displayWidth(c))).join('  ').trimEnd();
  return [line(cells[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function cellText(c: unknown): string {
  if (c === undefined || c === null) return '-';
  return typeof c === 'string' ? c : JSON.stringify(c);
}

/** Terminal columns a string takes: Hangul and other wide characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60) ? 2 : 1;
  }
  return w;
}
