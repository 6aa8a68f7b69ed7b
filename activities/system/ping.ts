import os from 'node:os';

/** Input of {@link ping}. */
export interface PingInput {
  /** Echoed back, so a caller can match the answer to its request. */
  readonly nonce: string;
}

/** Result of {@link ping}. */
export interface PingResult {
  readonly nonce: string;
  /** Host name of the worker that ran the activity. */
  readonly worker: string;
  /** ISO-8601 time on the worker. */
  readonly at: string;
}

/** Proves a worker is polling: used by `npm start` and the stack's Temporal round-trip test. */
export function ping(input: PingInput): Promise<PingResult> {
  return Promise.resolve({ nonce: input.nonce, worker: `${os.hostname()}:${process.pid}`, at: new Date().toISOString() });
}
