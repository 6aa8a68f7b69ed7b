/**
 * Search client: the official OpenSearch client (the Elasticsearch clients reject OpenSearch's responses).
 */
import { Client } from '@opensearch-project/opensearch';
import type { Config } from './config';
import { probe, type StoreClient } from './health';

/** An OpenSearch client plus health and close. */
export interface SearchStore extends StoreClient {
  readonly client: Client;
}

/** Creates an OpenSearch client for `config.search.url` (requests time out after 10 s). */
export function createSearchStore(config: Config): SearchStore {
  const client = new Client({ node: config.search.url, requestTimeout: 10_000, maxRetries: 1 });
  let closed = false;
  return {
    name: 'search',
    client,
    health: () =>
      probe('search', async () => {
        const { body } = await client.cluster.health({ timeout: '2s' });
        if (body.status === 'red') throw new Error('cluster status red');
        return `cluster ${body.cluster_name} ${body.status}`;
      }),
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}
