/**
 * Temporal client connection shared by the web tier and the CLI (workers use a NativeConnection of their own).
 */
import { Client, Connection } from '@temporalio/client';
import type { Config } from './config';
import { probe, type StoreClient } from './health';

/** A lazily connected Temporal client plus health and close. */
export interface TemporalStore extends StoreClient {
  /** The connected client; the first call opens the connection. */
  client(): Promise<Client>;
}

/** Creates a Temporal client for `config.temporal.address` and namespace. */
export function createTemporalStore(config: Config): TemporalStore {
  let connection: Connection | undefined;
  let pending: Promise<Client> | undefined;
  let client: Client | undefined;

  const getClient = async (): Promise<Client> => {
    if (client) return client;
    pending ??= (async () => {
      connection = await Connection.connect({ address: config.temporal.address, connectTimeout: 3000 });
      client = new Client({ connection, namespace: config.temporal.namespace });
      return client;
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    name: 'temporal',
    client: getClient,
    health: () =>
      probe('temporal', async () => {
        const c = await getClient();
        const ns = await c.workflowService.describeNamespace({ namespace: config.temporal.namespace });
        const info = await c.workflowService.getSystemInfo({});
        return `server ${info.serverVersion || 'dev'}, namespace ${ns.namespaceInfo?.name ?? config.temporal.namespace}`;
      }, 5000),
    async close() {
      const conn = connection;
      connection = undefined;
      client = undefined;
      await conn?.close();
    },
  };
}
