/**
 * Bulk-indexes products into one index, in requests of 500 documents, failing on the first refused document.
 */
import type { Client } from '@opensearch-project/opensearch';
import { InfraError } from '../../../domain/errors';
import type { CleanProduct } from '../clean-product';

/** Documents per bulk request. */
export const BULK_SIZE = 500;

/**
 * Indexes `products` into `index` (document id = product id; no refresh).
 * @param onProgress called after each bulk request with the documents sent so far
 * @throws InfraError `ServiceUnavailable` naming the first refused document's reason
 */
export async function bulkIndexProducts(client: Client, index: string, products: readonly CleanProduct[], onProgress?: (indexed: number) => void): Promise<void> {
  for (let i = 0; i < products.length; i += BULK_SIZE) {
    const chunk = products.slice(i, i + BULK_SIZE);
    const { body } = await client.bulk({ body: chunk.flatMap((p) => [{ index: { _index: index, _id: p.id } }, p]) });
    if (body.errors) {
      const first = body.items.find((item) => item.index?.error)?.index?.error;
      throw new InfraError('ServiceUnavailable', `bulk indexing into ${index} failed: ${first?.reason ?? 'unknown'}`, { index });
    }
    onProgress?.(i + chunk.length);
  }
}
