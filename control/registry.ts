/**
 * The DAG registry seen from Node: lookup by id, and the checks that need Node-side libraries (cron
 * semantics, params schema) on top of the DSL's structural validation.
 */
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { DagError } from '../domain/errors';
import { cronParseError } from '../schedules/cron';
import { DEFAULT_TIMEZONE } from '../domain/scheduling';
import type { DagSpec } from '../workflows/dag/spec';
import { DAGS } from '../workflows/dags';

/** Every registered DAG. */
export function listDags(): readonly DagSpec[] {
  return DAGS;
}

/** The DAG `dagId`. @throws DagError `DagNotFound` listing the known ids */
export function getDag(dagId: string): DagSpec {
  const dag = DAGS.find((d) => d.id === dagId);
  if (!dag) throw new DagError('DagNotFound', `no DAG "${dagId}" (known: ${DAGS.map((d) => d.id).join(', ') || 'none'})`, { dagId });
  return dag;
}

/** Timezone of a DAG's schedule (Asia/Seoul by default). */
export function timezoneOf(dag: DagSpec): string {
  return dag.schedule?.timezone ?? DEFAULT_TIMEZONE;
}

/**
 * Merges `conf` over the DAG's default params and validates the result against its params schema.
 * @throws DagError `DagParamsInvalid` naming each offending param
 */
export function resolveParams(dag: DagSpec, conf: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const params = { ...dag.defaultParams, ...conf };
  if (dag.paramsSchema) {
    const schema = dag.paramsSchema as unknown as TSchema;
    const errors = [...Value.Errors(schema, params)].map((e) => `${e.path || '/'}: ${e.message}`);
    if (errors.length > 0) throw new DagError('DagParamsInvalid', `DAG "${dag.id}": invalid params: ${errors.join('; ')}`, { dagId: dag.id, errors });
  }
  return params;
}

/** Checks every DAG beyond the DSL: cron semantics and default params. @throws DagError */
export function validateRegistry(dags: readonly DagSpec[] = DAGS): void {
  const seen = new Set<string>();
  for (const dag of dags) {
    if (seen.has(dag.id)) throw new DagError('DagInvalid', `two DAGs have the id "${dag.id}"`, { dagId: dag.id });
    seen.add(dag.id);
    if (dag.schedule) {
      const problem = cronParseError(dag.schedule.cron, timezoneOf(dag));
      if (problem) throw new DagError('DagInvalid', `DAG "${dag.id}": bad cron "${dag.schedule.cron}": ${problem}`, { dagId: dag.id });
    }
    resolveParams(dag);
  }
  // Data-aware scheduling: every asset a DAG runs on is produced by some task, and never by the DAG itself.
  for (const dag of dags) {
    for (const asset of dag.runsOnAssets ?? []) {
      const producers = dags.filter((d) => d.tasks.some((t) => t.outlets?.includes(asset)));
      if (producers.length === 0) throw new DagError('DagInvalid', `DAG "${dag.id}" runs on asset "${asset}", which no task produces (outlets)`, { dagId: dag.id });
      if (producers.some((p) => p.id === dag.id)) throw new DagError('DagInvalid', `DAG "${dag.id}" runs on asset "${asset}", which it produces itself: it would trigger itself forever`, { dagId: dag.id });
    }
  }
}

/** For each asset, the DAG tasks that produce it (`dagId.taskId`) and the DAGs that run on it. */
export function assetGraph(dags: readonly DagSpec[] = DAGS): Map<string, { producers: string[]; consumers: string[] }> {
  const graph = new Map<string, { producers: string[]; consumers: string[] }>();
  const entry = (asset: string) => graph.get(asset) ?? graph.set(asset, { producers: [], consumers: [] }).get(asset)!;
  for (const d of dags) {
    for (const t of d.tasks) for (const a of t.outlets ?? []) entry(a).producers.push(`${d.id}.${t.id}`);
    for (const a of d.runsOnAssets ?? []) entry(a).consumers.push(d.id);
  }
  return graph;
}
