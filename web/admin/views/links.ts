/**
 * Every URL the admin pages link to, built in one place so path segments are always encoded.
 */

/** Where the Temporal Web UI is and which namespace runs live in. */
export interface TemporalUiTarget {
  /** Base URL without a trailing slash (config `TEMPORAL_UI_URL`). */
  readonly uiUrl: string;
  readonly namespace: string;
}

const enc = encodeURIComponent;

/** The DAG list. */
export function dagListUrl(): string {
  return '/admin/dags';
}

/** The graph view of a DAG, at a given run (logical date) or the latest. */
export function dagGraphUrl(dagId: string, logicalDate?: string): string {
  return `/admin/dags/${enc(dagId)}${logicalDate ? `?run=${enc(logicalDate)}` : ''}`;
}

/** The grid view of a DAG. */
export function dagGridUrl(dagId: string): string {
  return `/admin/dags/${enc(dagId)}/grid`;
}

/** The JSON state of one run, polled by the graph view. */
export function runStateApiUrl(dagId: string, logicalDate: string): string {
  return `/admin/api/dags/${enc(dagId)}/runs/${enc(logicalDate)}/state`;
}

/** A run (workflow execution, latest run of the id) in the Temporal UI. */
export function temporalRunUrl(target: TemporalUiTarget, workflowId: string): string {
  return `${target.uiUrl}/namespaces/${enc(target.namespace)}/workflows/${enc(workflowId)}`;
}

/** Every run of a DAG in the Temporal UI, through the `DagId` search attribute. */
export function temporalDagRunsUrl(target: TemporalUiTarget, dagId: string): string {
  return `${target.uiUrl}/namespaces/${enc(target.namespace)}/workflows?query=${enc(`DagId="${dagId}"`)}`;
}

/** A DAG's Temporal Schedule in the Temporal UI. */
export function temporalScheduleUrl(target: TemporalUiTarget, scheduleId: string): string {
  return `${target.uiUrl}/namespaces/${enc(target.namespace)}/schedules/${enc(scheduleId)}`;
}
