/**
 * Events as CSV rows for the benchmark's cold-tier and batch figures: a header and one row per event, the
 * user dimensions as columns and the type-specific data as a JSON column (RFC 4180 quoting).
 *
 * In loadgen's events the first nine columns never contain a comma, a quote or a line break (uuids, times,
 * fixed page paths, base64url session ids, ids of letters and digits, codes), so a reader that needs only
 * them may split on the first commas; the JSON column is quoted, and JSON escapes line breaks, so every row
 * is one line.
 */
import type { LogEvent } from '../../domain/events';

/** The header row. */
export const CSV_HEADER = 'id,type,time,session_id,page,user_id,gender,age_band,region,data';

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/** One CSV row (without the line break). */
export function eventCsvRow(e: LogEvent): string {
  const u = e.user;
  return `${e.id},${e.type},${e.time},${e.sessionId},${e.page},${u.userId ?? ''},${u.gender ?? ''},${u.ageBand ?? ''},${u.region ?? ''},${quote(JSON.stringify(e.data))}`;
}
