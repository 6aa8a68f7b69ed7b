/**
 * Durations as DAG authors write them (`'30s'`, `'5m'`, `'2h'`, `'1d'`, `'250ms'`, or a number of ms).
 * Pure: used by the validator and by the runner inside the workflow sandbox.
 */
import type { Duration } from './spec';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/** Milliseconds of `d`, or undefined when it is not a valid positive duration. */
export function durationMs(d: Duration): number | undefined {
  if (typeof d === 'number') return Number.isFinite(d) && d > 0 ? d : undefined;
  const m = PATTERN.exec(d.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
  return ms > 0 ? ms : undefined;
}

/** Milliseconds of `d`; `fallback` when `d` is undefined. Assumes `d` was validated. */
export function toMs(d: Duration | undefined, fallback: number): number {
  return d === undefined ? fallback : (durationMs(d) ?? fallback);
}
