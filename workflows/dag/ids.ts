import { defineSearchAttributeKey } from '@temporalio/common';
/**
 * Workflow ids of DAG runs: `dag:<dagId>:<logicalDate>`, so a run per interval is unique and a backfill or a
 * rerun of the same interval finds the same id.
 */

/** Workflow id of the run of `dagId` for `logicalDate` (ISO-8601 with offset). */
export function dagRunWorkflowId(dagId: string, logicalDate: string): string {
  return `dag:${dagId}:${logicalDate}`;
}

/** The parts of a DAG run workflow id, or undefined when `workflowId` is not one. */
export function parseDagRunWorkflowId(workflowId: string): { dagId: string; logicalDate: string } | undefined {
  const m = /^dag:([a-z][a-z0-9_]*):(.+)$/.exec(workflowId);
  return m ? { dagId: m[1] ?? '', logicalDate: m[2] ?? '' } : undefined;
}

/** Search attribute names registered on the Temporal namespace (Keyword) for filtering runs in the UI. */
export const SEARCH_ATTRIBUTES = { dagId: 'DagId', logicalDate: 'LogicalDate' } as const;

/** Typed keys of the DAG search attributes, for starting runs and reading them back. */
export const DAG_ID_KEY = defineSearchAttributeKey(SEARCH_ATTRIBUTES.dagId, 'KEYWORD');
export const LOGICAL_DATE_KEY = defineSearchAttributeKey(SEARCH_ATTRIBUTES.logicalDate, 'KEYWORD');
