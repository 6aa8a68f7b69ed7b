/**
 * The cold tier's CSV layout: one row per event, flat columns for what analysts filter on and the type's
 * `data` as JSON — pure, so the layout is unit-tested.
 */
import Papa from 'papaparse';
import { parseLogEvent, type LogEvent } from '../../domain/events';

/** The columns, in file order (the header row). */
export const COLD_TIER_COLUMNS = ['id', 'time', 'type', 'session_id', 'page', 'user_id', 'gender', 'age_band', 'region', 'data'] as const;

/** One CSV row; nulls (anonymous visitors) are written as empty cells. */
export type ColdTierRow = Record<(typeof COLD_TIER_COLUMNS)[number], string | number | null>;

/** Flattens an event into a row. `time` keeps the event's own ISO-8601 text, offset included. */
export function toColdTierRow(event: LogEvent): ColdTierRow {
  return {
    id: event.id,
    time: event.time,
    type: event.type,
    session_id: event.sessionId,
    page: event.page,
    user_id: event.user.userId,
    gender: event.user.gender,
    age_band: event.user.ageBand,
    region: event.user.region,
    data: JSON.stringify(event.data),
  };
}

/**
 * The CSV of `events` with a header row (also when there are none: an empty hour is a file with a header),
 * sorted by event time then id, so a rerun over the same events writes the same bytes.
 */
export function buildColdTierCsv(events: readonly LogEvent[]): string {
  const sorted = [...events].sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const body = Papa.unparse({ fields: [...COLD_TIER_COLUMNS], data: sorted.map((e) => COLD_TIER_COLUMNS.map((c) => toColdTierRow(e)[c])) }, { header: true, newline: '\n' });
  // Every line ends with a newline (papaparse already ends a header-only file with one).
  return body.endsWith('\n') ? body : `${body}\n`;
}

/** Rows (events) of a cold-tier CSV, header excluded. */
export function countColdTierRows(csv: string): number {
  return Papa.parse(csv, { header: true, skipEmptyLines: true }).data.length;
}

/** The events of a cold-tier CSV, each row checked against the event schema; rows that fail are counted. */
export function parseColdTierCsv(csv: string): { events: LogEvent[]; malformed: number } {
  const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
  const events: LogEvent[] = [];
  let malformed = 0;
  for (const row of rows) {
    let data: unknown;
    try {
      data = JSON.parse(row.data ?? '');
    } catch {
      malformed += 1;
      continue;
    }
    const orNull = (text: string | undefined): string | null => (text ? text : null);
    const parsed = parseLogEvent({
      id: row.id,
      time: row.time,
      type: row.type,
      sessionId: row.session_id,
      page: row.page,
      user: { userId: orNull(row.user_id), gender: orNull(row.gender), ageBand: row.age_band ? Number(row.age_band) : null, region: orNull(row.region) },
      data,
    });
    if (parsed.ok) events.push(parsed.event);
    else malformed += 1;
  }
  return { events, malformed };
}
