/**
 * MongoDB client (the official driver), talking to FerretDB locally and to MongoDB in production.
 */
import { MongoClient, type Db } from 'mongodb';
import type { Config } from './config';
import { probe, type StoreClient } from './health';

/** A MongoDB client, the project database and health/close. */
export interface MongoStore extends StoreClient {
  readonly client: MongoClient;
  /** The project database (`config.mongo.db`, default `ciao`). */
  readonly db: Db;
}

/**
 * Creates a MongoDB client. The driver connects on first use, so creating it never fails when the server is
 * down; `serverSelectionTimeoutMS` (5 s) bounds how long a request waits for it (the web tier cuts its calls
 * off much earlier: web/stores/store-guard.ts). The server is checked every second (`heartbeatFrequencyMS`,
 * the driver's default is 10 s), so a server that returns is found within about a second.
 */
export function createMongoStore(config: Config): MongoStore {
  const client = new MongoClient(config.mongo.url, { serverSelectionTimeoutMS: 5000, connectTimeoutMS: 3000, heartbeatFrequencyMS: 1000, appName: 'ciao' });
  const db = client.db(config.mongo.db);
  let closed = false;
  return {
    name: 'mongo',
    client,
    db,
    health: () =>
      probe('mongo', async () => {
        await db.command({ ping: 1 });
        const info = await client.db('admin').command({ buildInfo: 1 });
        return `mongodb ${String(info.version)}`;
      }, 6000),
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}
