/**
 * Every activity the `dags` worker registers, by name. Workflows import this module with `import type` only.
 */
export { ping } from './system/ping';
export type { PingInput, PingResult } from './system/ping';
