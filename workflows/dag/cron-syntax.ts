/**
 * A strict syntax check of five-field cron expressions (plus `@hourly`, `@daily`, `@weekly`, `@monthly`,
 * `@yearly`), with a message naming the bad field. Pure, so DAG validation runs anywhere — including the
 * workflow sandbox. Computing fire times is done with a cron library outside workflows (schedules/cron.ts).
 */

const MACROS = new Set(['@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually']);
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

/** Returns undefined when `cron` is valid, else a message saying what is wrong. */
export function cronSyntaxError(cron: string): string | undefined {
  const expr = cron.trim();
  if (expr.startsWith('@')) return MACROS.has(expr.toLowerCase()) ? undefined : `unknown macro "${expr}"`;
  const parts = expr.split(/\s+/);
  if (parts.length !== 5) return `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    const field = FIELDS[i];
    const part = parts[i];
    if (!field || part === undefined) continue;
    for (const item of part.split(',')) {
      const problem = itemError(item, field);
      if (problem) return `${field.name} field "${part}": ${problem}`;
    }
  }
  return undefined;
}

function itemError(item: string, field: (typeof FIELDS)[number]): string | undefined {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined || range === undefined || range === '') return `malformed "${item}"`;
  if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `step "${step}" must be a positive integer`;
  if (range === '*') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `malformed range "${range}"`;
  const values = bounds.map((b) => valueOf(b, field));
  if (values.some((v) => v === undefined)) return `"${range}" is not a ${field.name} (${field.min}-${field.max})`;
  const [lo, hi] = values as number[];
  if (hi !== undefined && lo !== undefined && lo > hi) return `range "${range}" runs backwards`;
  return undefined;
}

function valueOf(token: string, field: (typeof FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  if ('names' in field) {
    const idx = (field.names as readonly string[]).indexOf(token.toUpperCase());
    if (idx >= 0) return field.name === 'month' ? idx + 1 : idx;
  }
  return undefined;
}

/** True when `tz` is an IANA timezone the runtime knows. */
export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
