/**
 * Health reporting shared by every store client, the stack script and the web tier's `/healthz`.
 */

/** The outcome of one health probe. */
export interface HealthReport {
  /** Service name, e.g. `kafka`. */
  readonly service: string;
  readonly ok: boolean;
  /** Round-trip time of the probe in milliseconds. */
  readonly latencyMs: number;
  /** Version, cluster state or the error message. */
  readonly detail: string;
}

/** What every store client module offers besides its native client. */
export interface StoreClient {
  readonly name: string;
  /** Probes the service with a real request; never throws. */
  health(): Promise<HealthReport>;
  /** Releases connections; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Runs `check` with a timeout and turns its outcome into a {@link HealthReport}; never throws.
 * @param timeoutMs how long the probe may take before it counts as down (default 3000 ms)
 */
export async function probe(service: string, check: () => Promise<string>, timeoutMs = 3000): Promise<HealthReport> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const detail = await Promise.race([check(), timeout]);
    return { service, ok: true, latencyMs: Math.round(performance.now() - started), detail };
  } catch (err) {
    return { service, ok: false, latencyMs: Math.round(performance.now() - started), detail: errorMessage(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** The message of an unknown thrown value, for logs and health details. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/**
 * `report` (a store's own health probe, which may wait longer) cut off after `timeoutMs`: a probe that has not
 * answered by then reports the service down. Never throws.
 */
export async function healthWithin(service: string, report: Promise<HealthReport>, timeoutMs: number): Promise<HealthReport> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<HealthReport>((resolve) => {
    timer = setTimeout(() => resolve({ service, ok: false, latencyMs: Math.round(performance.now() - started), detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([report.catch((err: unknown) => ({ service, ok: false, latencyMs: Math.round(performance.now() - started), detail: errorMessage(err) })), late]);
  } finally {
    clearTimeout(timer);
  }
}
