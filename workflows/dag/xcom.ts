/**
 * XCom: passing upstream outputs to downstream tasks. Values travel in workflow history, so they are small
 * by contract — large data travels by reference (an HDFS path, an index name) and an oversized output fails
 * its task with `XcomTooLarge`. Pure.
 */
import { DagError } from '../../domain/errors';
import type { ParamRef, XcomRef } from './spec';

/** Largest output a task may return, in bytes of JSON (default 256 KiB; Temporal's own limit is 2 MiB). */
export const DEFAULT_XCOM_LIMIT_BYTES = 256 * 1024;

function isXcomRef(v: unknown): v is XcomRef {
  return !!v && typeof v === 'object' && typeof (v as { $xcom?: unknown }).$xcom === 'string';
}

/** The value at `path` (dot-separated) inside `value`. */
function pick(value: unknown, path: string | undefined, ref: XcomRef): unknown {
  if (!path) return value;
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(key in cur)) {
      throw new DagError('DagInvalid', `output of task "${ref.$xcom}" has no field "${path}"`, { taskId: ref.$xcom, path });
    }
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** The value an XCom reference points at, from the finished tasks' `outputs`. */
export function resolveRef(ref: XcomRef, outputs: ReadonlyMap<string, unknown>): unknown {
  if (!outputs.has(ref.$xcom)) throw new DagError('DagInvalid', `task "${ref.$xcom}" has no output (it did not succeed)`, { taskId: ref.$xcom });
  return pick(outputs.get(ref.$xcom), ref.path, ref);
}

function isParamRef(v: unknown): v is ParamRef {
  return !!v && typeof v === 'object' && typeof (v as { $param?: unknown }).$param === 'string';
}

/**
 * A copy of `input` with every XCom reference replaced by the upstream value it points at and every param
 * reference by the run's param.
 */
export function resolveXcoms(input: unknown, outputs: ReadonlyMap<string, unknown>, params: Readonly<Record<string, unknown>> = {}): unknown {
  if (isXcomRef(input)) return resolveRef(input, outputs);
  if (isParamRef(input)) {
    if (!(input.$param in params)) throw new DagError('DagParamsInvalid', `param "${input.$param}" is not set for this run`, { param: input.$param });
    return params[input.$param];
  }
  if (Array.isArray(input)) return input.map((v) => resolveXcoms(v, outputs, params));
  if (input && typeof input === 'object') {
    return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, resolveXcoms(v, outputs, params)]));
  }
  return input;
}

/** Bytes of `value` as UTF-8 JSON (undefined counts as 0). */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  if (text === undefined) return 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Throws `XcomTooLarge` when `output` of `taskId` exceeds `limitBytes`, with a message that says what to do.
 */
export function assertXcomSize(taskId: string, output: unknown, limitBytes = DEFAULT_XCOM_LIMIT_BYTES): void {
  const bytes = jsonBytes(output);
  if (bytes > limitBytes) {
    throw new DagError(
      'XcomTooLarge',
      `task "${taskId}" returned ${Math.ceil(bytes / 1024)} KiB; outputs passed between tasks are limited to ${Math.floor(limitBytes / 1024)} KiB — write large data to HDFS or an index and return its path or name`,
      { taskId, bytes, limitBytes },
    );
  }
}
