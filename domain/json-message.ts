/**
 * Decoding and checking messages from untrusted sources (Kafka, beacons) against compiled TypeBox schemas:
 * shared by every message contract in `domain/` so they report problems the same way.
 */
import type { TSchema } from '@sinclair/typebox';
import type { TypeCheck } from '@sinclair/typebox/compiler';

/** A JSON value decoded from bytes or text (a value already parsed passes through), or why it is not JSON. */
export function decodeJson(raw: unknown): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly errors: readonly string[] } {
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) return { ok: true, value: raw };
  try {
    return { ok: true, value: JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8')) as unknown };
  } catch (err) {
    return { ok: false, errors: [`not JSON: ${(err as Error).message}`] };
  }
}

/** The first `limit` (default 5) schema violations of `value`, as `<path>: <message>`. */
export function schemaErrors(checker: TypeCheck<TSchema>, value: unknown, limit = 5): string[] {
  return [...checker.Errors(value)].slice(0, limit).map((e) => `${e.path || '/'}: ${e.message}`);
}
