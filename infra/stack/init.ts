/**
 * `ciao stack init`: creates the topics, collections/indexes, search indexes/aliases and HDFS folders of the
 * data contracts (infra/contracts.ts). Every step checks before it creates, so it is safe to rerun.
 */
import { COLLECTIONS, GRIDFS_BUCKETS, HDFS_PATHS, SEARCH, TOPICS, TOPIC_PARTITIONS } from '../contracts';
import type { Stores } from '../stores';
import { ensureNamespace } from '../temporal-namespace';
import { ensurePlacesAlias, ensureProductsAlias } from '../search-indexes';
import type { Reporter } from './stack';

/** Creates whatever of the data contracts is missing; reports each thing it created. */
export async function initDataContracts(stores: Stores, report: Reporter): Promise<void> {
  await Promise.all([initTemporal(stores, report), initKafka(stores, report), initMongo(stores, report), initSearch(stores, report), initHdfs(stores, report)]);
}

async function initTemporal(stores: Stores, report: Reporter): Promise<void> {
  const client = await stores.temporal.client();
  const created = await ensureNamespace(client, client.options.namespace);
  report(created.length ? `[init] temporal: created ${created.join('; ')}` : `[init] temporal namespace ${client.options.namespace} ready`);
}

async function initKafka(stores: Stores, report: Reporter): Promise<void> {
  const created = await stores.kafka.ensureTopics(
    (Object.keys(TOPICS) as (keyof typeof TOPICS)[]).map((key) => ({ topic: TOPICS[key], numPartitions: TOPIC_PARTITIONS[key], replicationFactor: 1 })),
  );
  report(created.length ? `[init] kafka topics created: ${created.join(', ')}` : '[init] kafka topics present');
}

async function initMongo(stores: Stores, report: Reporter): Promise<void> {
  const { db } = stores.mongo;
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  const wanted = [
    ...Object.values(COLLECTIONS),
    ...Object.values(GRIDFS_BUCKETS).flatMap((b) => [`${b}.files`, `${b}.chunks`]),
  ];
  const created: string[] = [];
  for (const name of wanted) {
    if (!existing.has(name)) {
      await db.createCollection(name);
      created.push(name);
    }
  }
  // createIndex is a no-op when the same index exists.
  await db.collection(COLLECTIONS.users).createIndex({ userId: 1 }, { unique: true, name: 'userId_unique' });
  await db.collection(COLLECTIONS.ecopoints).createIndex({ userId: 1, grantedAt: -1 }, { name: 'user_time' });
  await db.collection(COLLECTIONS.logsDaily).createIndex({ date: 1, metric: 1 }, { name: 'date_metric' });
  await db.collection(COLLECTIONS.trainingSamples).createIndex({ createdAt: -1 }, { name: 'created' });
  await db.collection(COLLECTIONS.assetEvents).createIndex({ asset: 1, at: -1 }, { name: 'asset_latest' });
  await db.collection(COLLECTIONS.models).createIndex({ kind: 1, createdAt: -1 }, { name: 'kind_created' });
  await db.collection(COLLECTIONS.modelPromotions).createIndex({ kind: 1, at: -1 }, { name: 'kind_at' });
  await db.collection(`${GRIDFS_BUCKETS.modelFiles}.files`).createIndex({ 'metadata.sha256': 1 }, { name: 'sha256' });
  for (const bucket of Object.values(GRIDFS_BUCKETS)) {
    // The driver creates the same indexes under its own names when a bucket is first written to before init
    // ran (e.g. a worker registering a model): the same keys under another name are fine (error 85).
    const sameKeys = (err: unknown) => {
      if ((err as { code?: number }).code !== 85) throw err;
    };
    await db.collection(`${bucket}.files`).createIndex({ filename: 1, uploadDate: 1 }, { name: 'filename_uploadDate' }).catch(sameKeys);
    await db.collection(`${bucket}.chunks`).createIndex({ files_id: 1, n: 1 }, { unique: true, name: 'files_id_n' }).catch(sameKeys);
  }
  report(created.length ? `[init] mongo collections created: ${created.join(', ')}` : '[init] mongo collections present');
}

async function initSearch(stores: Stores, report: Reporter): Promise<void> {
  const created: string[] = [];
  const products = await ensureProductsAlias(stores.search.client);
  if (products) created.push(`${products} (alias ${SEARCH.productsAlias})`);
  const places = await ensurePlacesAlias(stores.search.client);
  if (places.action === 'created') created.push(`${places.index} (alias ${SEARCH.placesIndex})`);
  if (places.action === 'migrated') created.push(`${places.index} (alias ${SEARCH.placesIndex}, replacing the plain index of that name and its ${places.docs} documents)`);
  report(created.length ? `[init] search indexes created: ${created.join(', ')}` : '[init] search indexes present');
}

async function initHdfs(stores: Stores, report: Reporter): Promise<void> {
  const created: string[] = [];
  for (const dir of Object.values(HDFS_PATHS)) {
    if (!(await stores.hdfs.hdfs.stat(dir))) {
      await stores.hdfs.hdfs.mkdirs(dir);
      created.push(dir);
    }
  }
  report(created.length ? `[init] hdfs folders created: ${created.join(', ')}` : '[init] hdfs folders present');
}
