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

/** The labelling queue's context carried from page to page: view, band and the random pick's day, as typed. */
export interface LabellingContext {
  readonly view?: string;
  readonly lo?: string;
  readonly hi?: string;
  readonly day?: string;
}

function labellingQuery(ctx: LabellingContext, extra: Record<string, string | undefined> = {}): string {
  const pairs = Object.entries({ view: ctx.view, lo: ctx.lo, hi: ctx.hi, day: ctx.day, ...extra }).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return pairs.length ? `?${pairs.map(([k, v]) => `${k}=${enc(v)}`).join('&')}` : '';
}

/** The labelling queue page (view, band, day; page from 1). */
export function labellingQueueUrl(ctx: LabellingContext = {}, page?: number): string {
  return `/admin/labelling${labellingQuery(ctx, { page: page !== undefined && page > 1 ? String(page) : undefined })}`;
}

/** The editor of sample `uploadId`, at position `at` (from 0) of the queue view `ctx`. */
export function labellingSampleUrl(uploadId: string, ctx: LabellingContext = {}, at?: number): string {
  return `/admin/labelling/${enc(uploadId)}${labellingQuery(ctx, { at: at !== undefined ? String(at) : undefined })}`;
}

/** A labelling image of `uploadId`: the editor's (`full`) or the queue's thumbnail with the model's boxes. */
export function labellingImageUrl(uploadId: string, kind: 'full' | 'thumb'): string {
  return `/admin/labelling/${enc(uploadId)}/image/${kind}`;
}

/** Where the editor posts a confirm (`confirm`) or a skip (`skip`). */
export function labellingApiUrl(uploadId: string, action: 'confirm' | 'skip'): string {
  return `/admin/api/labelling/${enc(uploadId)}/${action}`;
}
