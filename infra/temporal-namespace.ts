/**
 * The Temporal namespace a process uses, made ready: registered when missing (the dev server knows only
 * `default` at start) and carrying the DAG search attributes. Tests run in a namespace of their own, so their
 * runs never show in the app's Temporal UI or in `ciao dags list`.
 */
import type { Client } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../workflows/dag/ids';

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

/** How long closed workflows stay visible in a namespace this creates: 7 days. */
const RETENTION_S = 7 * 86_400;

/**
 * Registers `namespace` if missing and adds the DAG search attributes it lacks. Safe to rerun.
 * @returns what it created, for the init report
 */
export async function ensureNamespace(client: Client, namespace: string): Promise<string[]> {
  const created: string[] = [];
  const exists = await client.workflowService.describeNamespace({ namespace }).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await client.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION_S * 1000) }).catch((err: Error) => {
      // Another process registered it between our check and our call.
      if (!/already exists/i.test(err.message)) throw err;
    });
    created.push(`namespace ${namespace}`);
  }
  // The server's namespace cache learns of a new namespace within about 10 s: until then, NOT_FOUND.
  const { customAttributes } = await untilFound(() => client.connection.operatorService.listSearchAttributes({ namespace }));
  const missing = Object.values(SEARCH_ATTRIBUTES).filter((name) => !(name in (customAttributes ?? {})));
  if (missing.length > 0) {
    await untilFound(() => client.connection.operatorService.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map((n) => [n, KEYWORD])) }));
    created.push(`search attributes ${missing.join(', ')} in ${namespace}`);
  }
  return created;
}

/** Retries `call` while the server answers NOT_FOUND, for up to 30 s. */
async function untilFound<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!/NOT_FOUND|not found/i.test((err as Error).message) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
