/**
 * When a failed task tries again: exponential backoff within a total budget, sized so that a task rides out
 * a store that is down for minutes (a restart, a failover) instead of spending its tries in seconds.
 * Pure: used by the runner inside the workflow sandbox and by unit tests.
 */
import { toMs } from './durations';
import type { RetrySpec } from './spec';

/**
 * The default retry of every task: waits of 5 s, 10 s, 20 s … up to 5 min between tries, for as long as the
 * task's first try started less than 30 min ago — 12 tries, the last one at the budget's end. A DAG overrides
 * any field in `defaults.retry`, a task in its own `retry`.
 */
export const DEFAULT_RETRY = {
  initialInterval: '5s',
  backoffCoefficient: 2,
  maximumInterval: '5m',
  budget: '30m',
} as const satisfies RetrySpec;

/** Where a task stands after a failed try. */
export interface RetryProgress {
  /** Tries that failed so far, ≥ 1 (the one just failed included). */
  readonly failedTries: number;
  /** Milliseconds since the task's first try started. */
  readonly elapsedMs: number;
}

/** Milliseconds of the wait before try `failedTries + 1`, ignoring the limits: the backoff alone. */
export function backoffMs(retry: RetrySpec, failedTries: number): number {
  const initial = toMs(retry.initialInterval, toMs(DEFAULT_RETRY.initialInterval, 5_000));
  const max = toMs(retry.maximumInterval, toMs(DEFAULT_RETRY.maximumInterval, 300_000));
  const coefficient = retry.backoffCoefficient ?? DEFAULT_RETRY.backoffCoefficient;
  return Math.min(initial * coefficient ** Math.max(0, failedTries - 1), max);
}

/**
 * The wait before the next try, or undefined when the task has used its tries (`attempts`) or its budget.
 * A wait that would end past the budget is shortened so the last try starts at the budget's end: an outage
 * just shorter than the budget is still ridden out.
 */
export function nextRetryWaitMs(retry: RetrySpec, progress: RetryProgress): number | undefined {
  if (retry.attempts !== undefined && progress.failedTries >= retry.attempts) return undefined;
  const remaining = toMs(retry.budget, toMs(DEFAULT_RETRY.budget, 1_800_000)) - progress.elapsedMs;
  if (remaining <= 0) return undefined;
  return Math.min(backoffMs(retry, progress.failedTries), remaining);
}

/**
 * The waits a task would make if every try failed at once (tries taking no time): what `ciao dags show`
 * and the tests use to show how long a task keeps trying.
 */
export function retryWaits(retry: RetrySpec): number[] {
  const waits: number[] = [];
  let elapsed = 0;
  for (let failed = 1; failed < 1000; failed++) {
    const wait = nextRetryWaitMs(retry, { failedTries: failed, elapsedMs: elapsed });
    if (wait === undefined) break;
    waits.push(wait);
    elapsed += wait;
  }
  return waits;
}
