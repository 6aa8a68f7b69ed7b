/**
 * Bulk-indexes documents into one index, in requests of 500 documents, failing on the first refused document.
 * Used by the product refresh, the places pipeline and the benchmarks.
 */
import type { Client } from '@opensearch-project/opensearch';
import { InfraError } from '../../domain/errors';

/** Documents per bulk request. */
export const BULK_SIZE = 500;

/**
 * Indexes `docs` into `index` (document id = the document's `id`; no refresh).
 * @param onProgress called after each bulk request with the documents sent so far
 * @throws InfraError `ServiceUnavailable` naming the first refused document's reason
 */
export async function bulkIndexDocs<T extends { readonly id: string }>(client: Client, index: string, docs: readonly T[], onProgress?: (indexed: number) => void): Promise<void> {
  for (let i = 0; i < docs.length; i += BULK_SIZE) {
    const chunk = docs.slice(i, i + BULK_SIZE);
    const { body } = await client.bulk({ body: chunk.flatMap((d) => [{ index: { _index: index, _id: d.id } }, d]) });
    if (body.errors) {
      const first = body.items.find((item) => item.index?.error)?.index?.error;
      throw new InfraError('ServiceUnavailable', `bulk indexing into ${index} failed: ${first?.reason ?? 'unknown'}`, { index });
    }
    onProgress?.(i + chunk.length);
  }
}
