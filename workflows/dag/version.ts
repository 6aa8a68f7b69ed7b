/**
 * A DAG's version: a short fingerprint of its spec (tasks, rules, retries, schedule, params…), so each run
 * records which shape of the DAG it ran and the admin graph can say when a DAG changed between runs. Pure and
 * dependency-free (FNV-1a over canonical JSON), because the DSL computes it inside the workflow sandbox too.
 */
import type { DagSpec } from './spec';

/** JSON with object keys sorted, so equal specs give equal text whatever the declaration order of keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/** 64-bit FNV-1a of the UTF-8 bytes of `text`, as 16 hex digits. */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The version of `dag`: 12 hex digits of the fingerprint of everything but the version itself. */
export function dagVersion(dag: Omit<DagSpec, 'version'> & { version?: string }): string {
  const { version: _ignored, ...rest } = dag;
  return fnv1a64(canonicalJson(rest)).slice(0, 12);
}
