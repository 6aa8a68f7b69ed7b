/**
 * Encodes a Kafka record batch (magic 2, uncompressed) for one partition of an idempotent producer: the
 * records go straight into one buffer, sized exactly beforehand, with no per-record objects — the reason this
 * module exists (see `topic-writer.ts`).
 */
import { crc32c } from './crc32c';
import { varintSize, writeVarint, zigzag } from './wire';

/** One message: key and value as text (UTF-8 on the wire), optional headers. */
export interface WireRecord {
  readonly key: string;
  readonly value: string;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
}

/** Who writes the batch and where it starts in the partition's sequence. */
export interface BatchIdentity {
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  /** Create time of every record, epoch ms. */
  readonly timestamp: number;
}

/** Bytes before the records: baseOffset … recordCount. */
const HEADER_BYTES = 61;
/** Offset of the CRC, and of the first byte it covers (attributes). */
const CRC_AT = 17;
const CRC_FROM = 21;

/** The batch of `records` (in order) as the `records` bytes of a Produce request partition. */
export function encodeRecordBatch(records: readonly WireRecord[], id: BatchIdentity): Buffer {
  const n = records.length;
  // Pass 1: byte lengths, so the buffer is allocated once at its exact size.
  const lengths = new Int32Array(n * 3); // key bytes, value bytes, record body bytes
  let total = HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    const r = records[i] as WireRecord;
    const keyBytes = Buffer.byteLength(r.key, 'utf8');
    const valueBytes = Buffer.byteLength(r.value, 'utf8');
    let body = 1 + 1 + varintSize(zigzag(i)) + varintSize(zigzag(keyBytes)) + keyBytes + varintSize(zigzag(valueBytes)) + valueBytes;
    const headers = r.headers ?? [];
    body += varintSize(zigzag(headers.length));
    for (const [hk, hv] of headers) {
      const hkBytes = Buffer.byteLength(hk, 'utf8');
      const hvBytes = Buffer.byteLength(hv, 'utf8');
      body += varintSize(zigzag(hkBytes)) + hkBytes + varintSize(zigzag(hvBytes)) + hvBytes;
    }
    lengths[i * 3] = keyBytes;
    lengths[i * 3 + 1] = valueBytes;
    lengths[i * 3 + 2] = body;
    total += varintSize(zigzag(body)) + body;
  }

  const buf = Buffer.allocUnsafe(total);
  buf.writeBigInt64BE(0n, 0); // baseOffset (the broker assigns offsets)
  buf.writeInt32BE(total - 12, 8); // batchLength: the bytes after this field
  buf.writeInt32BE(-1, 12); // partitionLeaderEpoch
  buf.writeInt8(2, 16); // magic
  buf.writeInt16BE(0, 21); // attributes: no compression, create time, not transactional
  buf.writeInt32BE(n - 1, 23); // lastOffsetDelta
  buf.writeBigInt64BE(BigInt(id.timestamp), 27); // baseTimestamp
  buf.writeBigInt64BE(BigInt(id.timestamp), 35); // maxTimestamp
  buf.writeBigInt64BE(BigInt(id.producerId), 43);
  buf.writeInt16BE(id.producerEpoch, 51);
  buf.writeInt32BE(id.baseSequence, 53);
  buf.writeInt32BE(n, 57);

  // Pass 2: the records.
  let o = HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    const r = records[i] as WireRecord;
    const keyBytes = lengths[i * 3] as number;
    const valueBytes = lengths[i * 3 + 1] as number;
    o = writeVarint(buf, o, zigzag(lengths[i * 3 + 2] as number));
    buf[o++] = 0; // record attributes
    buf[o++] = 0; // timestampDelta (all records carry the batch's time)
    o = writeVarint(buf, o, zigzag(i)); // offsetDelta
    o = writeVarint(buf, o, zigzag(keyBytes));
    o += buf.write(r.key, o, keyBytes, 'utf8');
    o = writeVarint(buf, o, zigzag(valueBytes));
    o += buf.write(r.value, o, valueBytes, 'utf8');
    const headers = r.headers ?? [];
    o = writeVarint(buf, o, zigzag(headers.length));
    for (const [hk, hv] of headers) {
      o = writeVarint(buf, o, zigzag(Buffer.byteLength(hk, 'utf8')));
      o += buf.write(hk, o, 'utf8');
      o = writeVarint(buf, o, zigzag(Buffer.byteLength(hv, 'utf8')));
      o += buf.write(hv, o, 'utf8');
    }
  }
  buf.writeUInt32BE(crc32c(buf, CRC_FROM, total), CRC_AT);
  return buf;
}
