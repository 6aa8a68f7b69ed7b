/**
 * The workflows the worker bundles. Everything here runs in Temporal's deterministic sandbox.
 */
export { healthCheck } from './health-check';
export { runDag, stateQuery, clearSignal } from './dag/run-dag';
export { scheduledDagRun } from './dag/scheduled-run';
export { backfillDag, backfillQuery } from './dag/backfill';
export { logStreamSupervisor } from './log-stream';
export { ecopointUpload, stageQuery } from './ecopoint-upload';
