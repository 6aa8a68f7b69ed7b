/**
 * A store guard: every Redis or MongoDB call a request makes goes through one, so a store that is down costs a
 * request at most one short deadline, and usually nothing at all.
 *
 * - **Deadline**: a call that has not answered within `timeoutMs` fails (the operation itself goes on in the
 *   driver and its result is dropped). The timer checks once more after the event loop's I/O phase
 *   (`setImmediate`), so an answer already waiting in a socket while the loop was busy still wins: a loaded
 *   process does not see its healthy store as down.
 * - **Circuit breaker**: after `failures` consecutive failures the guard opens: calls fail at once, without
 *   touching the store, for `retryMs`. Then ONE call is let through as a trial while the others keep failing at
 *   once; its success closes the guard, its failure opens it for another `retryMs`. So a store that comes back
 *   is used again within `retryMs` plus one round trip, without a restart.
 * - **Connection hint**: `isConnected()` (e.g. ioredis' `status === 'ready'`) lets a call fail at once while
 *   the client knows it has no connection, instead of queueing it.
 * - **Cold start**: until the first call has succeeded, calls get `firstTimeoutMs` (the client may still be
 *   connecting: a handshake on a busy machine takes longer than a query). A store that is down when the process
 *   starts thus costs the first requests up to that long, until two failures open the guard.
 *
 * Every failure surfaces as {@link InfraError} `ServiceUnavailable` (503, "잠시 후 다시 시도해 주세요"); the
 * original error is its `cause`. Not cockatiel's breaker: in its half-open state concurrent calls wait for the
 * trial call, where here they must fail at once.
 */
import { InfraError } from '../../domain/errors';

/** Options of {@link StoreGuard}. */
export interface StoreGuardOptions {
  /** Longest a call may take before it counts as failed, in ms. */
  readonly timeoutMs: number;
  /** How long the guard stays open (calls fail at once) before one trial call, in ms. */
  readonly retryMs: number;
  /** Consecutive failures that open the guard (default 2). */
  readonly failures?: number;
  /** Deadline in ms of the calls before the first success (default 5000): the client may still be connecting. */
  readonly firstTimeoutMs?: number;
  /** False while the client knows it has no connection: the call then fails at once (default: always true). */
  readonly isConnected?: () => boolean;
  /** Clock in ms (tests). */
  readonly now?: () => number;
}

/** The state of a guard: closed (calls go through), open (calls fail at once), trial (one call is testing). */
export type GuardState = 'closed' | 'open' | 'trial';

/** What a guard has seen since it was created. */
export interface GuardStats {
  readonly state: GuardState;
  /** Calls that failed at once because the guard was open or the client had no connection. */
  readonly rejected: number;
  /** Calls that failed or ran out of time. */
  readonly failed: number;
  /** Times the guard opened. */
  readonly opened: number;
}

/** Per-call options of a guarded call. */
export interface CallOptions {
  /** This call's deadline in ms, for a call known to take longer than a page's (default: the guard's). */
  readonly timeoutMs?: number;
}

/** Anything that runs a store call under a guard (the SessionStore and friends take one). */
export type GuardedCall = <T>(op: () => Promise<T>, options?: CallOptions) => Promise<T>;

/** Runs `op` without a guard (the default of the classes that take one). */
export const unguarded: GuardedCall = (op) => op();

/** What users read when a store is down. */
export const STORE_DOWN_MESSAGE = '지금은 이 기능을 잠시 쓸 수 없어요. 잠시 후 다시 시도해 주세요.';

class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/** `op` with a deadline of `ms` (checked after the loop's I/O phase: see the module comment). */
function withDeadline<T>(op: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (settled) return;
        settled = true;
        reject(new DeadlineExceeded(ms));
      });
    }, ms);
    op.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** See the module comment. */
export class StoreGuard {
  private state: GuardState = 'closed';
  private consecutive = 0;
  private openedAt = 0;
  private counts = { rejected: 0, failed: 0, opened: 0 };
  private readonly failuresToOpen: number;
  private readonly now: () => number;
  private warm = false;

  constructor(
    /** The store's name, in errors and logs (`redis`, `mongo`). */
    readonly store: string,
    private readonly options: StoreGuardOptions,
  ) {
    this.failuresToOpen = options.failures ?? 2;
    this.now = options.now ?? Date.now;
  }

  /** True when calls go through (closed, or open long enough for a trial). */
  get available(): boolean {
    return this.state === 'closed' || (this.state === 'open' && this.now() - this.openedAt >= this.options.retryMs);
  }

  /** Counters and state, for `/metrics`. */
  stats(): GuardStats {
    return { state: this.state, ...this.counts };
  }

  /**
   * Runs `op` under the guard.
   * @throws InfraError `ServiceUnavailable` when the guard is open, the client has no connection, or `op`
   *   failed or ran out of time (its error is the cause)
   */
  readonly run: GuardedCall = async <T>(op: () => Promise<T>, options: CallOptions = {}): Promise<T> => {
    let trial = false;
    if (this.state === 'trial' || (this.state === 'open' && this.now() - this.openedAt < this.options.retryMs)) {
      this.counts.rejected++;
      throw this.unavailable(undefined);
    }
    if (this.state === 'open') {
      this.state = 'trial';
      trial = true;
    }
    if (this.options.isConnected && !this.options.isConnected()) {
      this.counts.rejected++;
      this.fail(trial);
      throw this.unavailable(new Error(`${this.store} client has no connection`));
    }
    try {
      const deadline = options.timeoutMs ?? (this.warm ? this.options.timeoutMs : Math.max(this.options.timeoutMs, this.options.firstTimeoutMs ?? 5000));
      const value = await withDeadline(op(), deadline);
      this.consecutive = 0;
      this.state = 'closed';
      this.warm = true;
      return value;
    } catch (err) {
      if (!isStoreFailure(err)) {
        // The store answered (a duplicate key, a validation error): it is up, and the error is the caller's.
        this.consecutive = 0;
        this.warm = true;
        if (trial) this.state = 'closed';
        throw err;
      }
      this.counts.failed++;
      this.fail(trial);
      throw this.unavailable(err);
    }
  };

  private fail(trial: boolean): void {
    this.consecutive++;
    if (trial || this.consecutive >= this.failuresToOpen) {
      if (this.state !== 'open') this.counts.opened++;
      this.state = 'open';
      this.openedAt = this.now();
    }
  }

  private unavailable(cause: unknown): InfraError {
    return new InfraError('ServiceUnavailable', STORE_DOWN_MESSAGE, { store: this.store }, cause === undefined ? undefined : { cause });
  }
}

/** Error names of the MongoDB driver and ioredis that mean "the store did not answer". */
const OUTAGE_NAMES = new Set(['DeadlineExceeded', 'MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoPoolClearedError', 'MongoTopologyClosedError', 'MaxRetriesPerRequestError']);
/** ioredis messages of a lost connection (it throws plain Errors for them). */
const REDIS_OUTAGE = /^(Connection is closed\.|Stream isn't writeable|connect ECONNREFUSED|read ECONNRESET|write EPIPE)/;

/**
 * True when `err` says a store did not answer (a timeout, a refused or lost connection), as opposed to an
 * answer that was an error. The error handler also uses it, so a store call outside any guard still
 * becomes a 503, never a 500.
 */
export function isStoreFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof InfraError && err.code === 'ServiceUnavailable') return true;
  if (OUTAGE_NAMES.has(err.name) || OUTAGE_NAMES.has(err.constructor.name)) return true;
  if (REDIS_OUTAGE.test(err.message)) return true;
  const code = (err as { code?: unknown }).code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT';
}
