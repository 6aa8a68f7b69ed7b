/**
 * The workflows the worker bundles. Everything here runs in Temporal's deterministic sandbox.
 */
export { healthCheck } from './health-check';
