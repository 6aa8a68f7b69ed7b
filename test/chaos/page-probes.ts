/**
 * The chaos suite's traffic: a few clients requesting pages and probes in a loop, each answer recorded with
 * its status and latency (a request with no answer within `timeoutMs` is a timeout, status 0).
 */

/** One request's outcome. */
export interface Sample {
  readonly path: string;
  /** HTTP status, or 0 when there was no answer within the timeout. */
  readonly status: number;
  readonly ms: number;
  /** When it started (epoch ms). */
  readonly at: number;
}

/** A running traffic loop. */
export interface PageTraffic {
  /** Samples that started in `[from, to)`. */
  samples(from: number, to: number): Sample[];
  stop(): Promise<void>;
}

/** Requests `paths` in turn from `clients` loops, pausing `pauseMs` after each answer. */
export function startPageTraffic(baseUrl: string, paths: readonly string[], options: { clients?: number; pauseMs?: number; timeoutMs?: number } = {}): PageTraffic {
  const all: Sample[] = [];
  let running = true;
  const timeoutMs = options.timeoutMs ?? 5000;
  const loop = async (offset: number): Promise<void> => {
    for (let i = offset; running; i++) {
      const path = paths[i % paths.length] ?? '/';
      const at = Date.now();
      let status = 0;
      try {
        const res = await fetch(`${baseUrl}${path}`, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0;
      }
      all.push({ path, status, ms: Date.now() - at, at });
      await new Promise((r) => setTimeout(r, options.pauseMs ?? 100));
    }
  };
  const loops = Array.from({ length: options.clients ?? 2 }, (_, i) => loop(i));
  return {
    samples: (from, to) => all.filter((s) => s.at >= from && s.at < to),
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** The `q`-quantile (0–1) of `values`, 0 when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
