/**
 * When an asset-scheduled DAG is due (Airflow's data-aware scheduling): every asset it runs on must have an
 * event newer than its last asset-triggered run. Pure, so the rule is unit-tested apart from the stores.
 */

/** The latest event time (ms) of each asset, and when the consumer was last triggered (ms; 0 = never). */
export interface ReadinessInput {
  readonly assets: readonly string[];
  readonly latestEventMs: ReadonlyMap<string, number>;
  readonly lastTriggeredMs: number;
}

/** What a due consumer's run covers: from the oldest to the newest of the events that made it due. */
export interface Readiness {
  readonly due: boolean;
  /** Assets still waiting for a new event. */
  readonly waitingFor: readonly string[];
  readonly intervalStartMs?: number;
  readonly intervalEndMs?: number;
}

/** Decides whether a consumer of `assets` is due. */
export function assetReadiness(input: ReadinessInput): Readiness {
  const waitingFor = input.assets.filter((a) => (input.latestEventMs.get(a) ?? 0) <= input.lastTriggeredMs);
  if (waitingFor.length > 0 || input.assets.length === 0) return { due: false, waitingFor };
  const times = input.assets.map((a) => input.latestEventMs.get(a) as number);
  return { due: true, waitingFor: [], intervalStartMs: Math.min(...times), intervalEndMs: Math.max(...times) };
}
