/**
 * The six servers of the local stack: where their scripts are, which ports they use (derived from the same
 * configuration the application reads, so changing `KAFKA_BROKERS` moves both), and how to probe them.
 */
import path from 'node:path';
import { PROJECT_ROOT, parseHostPort, type Config } from '../config';
import { probe, type HealthReport } from '../health';
import { createHdfsStore } from '../hdfs';
import { createKafkaStore } from '../kafka';
import { createMongoStore } from '../mongo';
import { createRedisStore } from '../redis';
import { createSearchStore } from '../search';
import { createTemporalStore } from '../temporal';

/** Names of the stack's services, in start order of preference. */
export const SERVICE_NAMES = ['redis', 'ferretdb', 'temporal', 'kafka', 'opensearch', 'hdfs'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** How the stack script installs, starts and probes one server. */
export interface StackService {
  readonly name: ServiceName;
  /** What it is, for `ciao stack status`. */
  readonly description: string;
  /** The main port clients use. */
  readonly port: number;
  /** Extra environment for `run.sh` (its ports). */
  readonly env: Readonly<Record<string, string>>;
  /** Folder with `install.sh` and `run.sh`. */
  readonly dir: string;
  /** How long a cold start may take before `up` gives up, in ms. */
  readonly startTimeoutMs: number;
  /** Opens a prober; call `health()` repeatedly, then `close()`. */
  prober(): Prober;
}

/** A reusable health probe for one service. */
export interface Prober {
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

const SERVICES_DIR = path.join(PROJECT_ROOT, 'infra', 'stack', 'services');

/** Builds the service list for `config`. */
export function stackServices(config: Config): StackService[] {
  const kafka = parseHostPort(config.kafka.brokers[0] ?? '127.0.0.1:9092', 9092);
  const redis = parseHostPort(config.redis.url, 6379);
  const mongo = parseHostPort(config.mongo.url, 27017);
  const search = parseHostPort(config.search.url, 9200);
  const hdfs = parseHostPort(config.hdfs.url, 9870);
  const temporal = parseHostPort(config.temporal.address, 7233);
  const temporalUi = parseHostPort(config.temporal.uiUrl, 8233);
  const timeout = config.stackHealthTimeoutMs;

  const svc = (name: ServiceName, description: string, port: number, env: Record<string, string>, prober: () => Prober): StackService => ({
    name,
    description,
    port,
    env,
    dir: path.join(SERVICES_DIR, name),
    startTimeoutMs: timeout,
    prober,
  });

  return [
    svc('redis', 'Redis 7 (Debian package)', redis.port, { REDIS_PORT: String(redis.port) }, () => createRedisStore(config, { maxRetriesPerRequest: 0 })),
    svc('ferretdb', 'FerretDB 1.24 on SQLite (MongoDB wire protocol)', mongo.port, { MONGO_PORT: String(mongo.port) }, () => createMongoStore(config)),
    svc('temporal', 'Temporal dev server + Web UI', temporal.port, { TEMPORAL_PORT: String(temporal.port), TEMPORAL_UI_PORT: String(temporalUi.port) }, () => {
      const store = createTemporalStore(config);
      return {
        async health() {
          const server = await store.health();
          if (!server.ok) return server;
          const ui = await probe('temporal', async () => {
            const res = await fetch(config.temporal.uiUrl, { signal: AbortSignal.timeout(3000) });
            await res.arrayBuffer();
            if (!res.ok) throw new Error(`Web UI answered ${res.status}`);
            return `${server.detail}, UI ${config.temporal.uiUrl}`;
          });
          return ui;
        },
        close: () => store.close(),
      };
    }),
    svc('kafka', 'Apache Kafka 4 (KRaft, single node)', kafka.port, { KAFKA_PORT: String(kafka.port), KAFKA_CONTROLLER_PORT: String(kafka.port + 1) }, () => createKafkaStore(config, { clientId: 'ciao-stack' })),
    svc('opensearch', 'OpenSearch 2.19 (single node)', search.port, { OPENSEARCH_PORT: String(search.port), OPENSEARCH_TRANSPORT_PORT: String(search.port + 100) }, () => createSearchStore(config)),
    svc('hdfs', 'HDFS (MiniDFSCluster) with WebHDFS', hdfs.port, { HDFS_HTTP_PORT: String(hdfs.port) }, () => createHdfsStore(config, { timeoutMs: 3000 })),
  ];
}
