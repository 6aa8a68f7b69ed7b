/**
 * Kafka client (kafkajs) shared by the web tier's publisher and the workers' consumers.
 */
import { Kafka, logLevel, type Admin, type ITopicConfig, type KafkaConfig } from 'kafkajs';
import type { Config } from './config';
import { probe, type StoreClient } from './health';

/**
 * What a kafkajs client is made from, as plain data: it can cross to a worker thread (the web tier's event
 * sender builds its own client there) where a `Kafka` instance cannot.
 */
export type KafkaSettings = Pick<KafkaConfig, 'clientId' | 'connectionTimeout' | 'requestTimeout' | 'logLevel' | 'retry'> & { readonly brokers: string[] };

/** The client settings for `config.kafka` (kafkajs' own logging off; see {@link createKafkaStore}). */
export function kafkaSettings(config: Config, clientId: string = config.kafka.clientId): KafkaSettings {
  return {
    clientId,
    brokers: [...config.kafka.brokers],
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    logLevel: logLevel.NOTHING,
    // maxRetryTime also bounds how long a crashed consumer waits before it restarts (kafkajs uses the last
    // retry time): its default, 30 s, kept the aggregator idle for half a minute after Kafka came back.
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
  };
}

/** A kafkajs instance, a lazily connected admin client, and health/close. */
export interface KafkaStore extends StoreClient {
  readonly kafka: Kafka;
  /** The settings `kafka` was made from (to make another client elsewhere, e.g. in a worker thread). */
  readonly settings: KafkaSettings;
  /** The shared admin client, connected on first use. */
  admin(): Promise<Admin>;
  /**
   * Creates the topics that do not exist yet; existing topics are left as they are (safe to rerun).
   * @returns the names of the topics it created
   */
  ensureTopics(topics: readonly ITopicConfig[]): Promise<string[]>;
}

/**
 * Creates the Kafka client for `config.kafka.brokers`. kafkajs' own logging is off: the
 * project reports producer and consumer state through its own logs and metrics.
 */
export function createKafkaStore(config: Config, options: { clientId?: string } = {}): KafkaStore {
  const settings = kafkaSettings(config, options.clientId);
  const kafka = new Kafka(settings);
  let admin: Admin | undefined;
  let connecting: Promise<Admin> | undefined;
  let closed = false;

  const getAdmin = async (): Promise<Admin> => {
    if (admin) return admin;
    connecting ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      admin = a;
      return a;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  return {
    name: 'kafka',
    kafka,
    settings,
    admin: getAdmin,
    async ensureTopics(topics) {
      const a = await getAdmin();
      const existing = new Set(await a.listTopics());
      const missing = topics.filter((t) => !existing.has(t.topic));
      if (missing.length === 0) return [];
      await a.createTopics({ topics: missing, waitForLeaders: true });
      return missing.map((t) => t.topic);
    },
    health: () =>
      probe('kafka', async () => {
        const a = await getAdmin();
        const cluster = await a.describeCluster();
        return `${cluster.brokers.length} broker(s), controller ${String(cluster.controller)}`;
      }, 5000),
    async close() {
      if (closed) return;
      closed = true;
      const a = admin ?? (connecting ? await connecting.catch(() => undefined) : undefined);
      await a?.disconnect();
    },
  };
}
