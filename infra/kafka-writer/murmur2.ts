/**
 * Kafka's default key partitioning: the 32-bit murmur2 hash of the key bytes (seed 0x9747b28c), made positive,
 * modulo the partition count — the same partition the Java client and kafkajs' DefaultPartitioner choose, so
 * a session's or user's events stay in one partition whichever client wrote them.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** The murmur2 hash of `data` as Kafka computes it (a signed 32-bit integer). */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length % 4;
  if (tail === 3) h ^= (data[whole + 2] as number) << 16;
  if (tail >= 2) h ^= (data[whole + 1] as number) << 8;
  if (tail >= 1) h = Math.imul(h ^ (data[whole] as number), M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition of a message with key `key` among `partitions` partitions. */
export function partitionForKey(key: Uint8Array, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}
