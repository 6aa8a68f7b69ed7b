import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { Partitioners } from 'kafkajs';
import { crc32c } from '../../../infra/kafka-writer/crc32c';
import { murmur2, partitionForKey } from '../../../infra/kafka-writer/murmur2';
import { encodeRecordBatch } from '../../../infra/kafka-writer/record-batch';
import { varintSize, writeVarint, zigzag } from '../../../infra/kafka-writer/wire';

/** kafkajs' own record-batch decoder: an independent implementation to check the encoding against. */
type DecodedBatch = {
  firstOffset: string;
  firstSequence: number;
  producerId: string;
  producerEpoch: number;
  inTransaction: boolean;
  records: Array<{ key: Buffer; value: Buffer; headers: Record<string, Buffer>; offset: string; timestamp: string }>;
};
const requireJs = createRequire(__filename);
const KafkajsDecoder = requireJs('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
const decodeBatch = requireJs('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: unknown) => Promise<DecodedBatch>;

/** CRC-32C one bit at a time: slow, obviously right. */
function crc32cBitwise(bytes: Uint8Array): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}

describe('kafka writer: CRC-32C', () => {
  it('matches the standard check value and the bitwise definition', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(crc32c(Buffer.alloc(0)), 0);
    for (let n = 0; n < 70; n++) {
      const bytes = randomBytes(n);
      assert.equal(crc32c(bytes), crc32cBitwise(bytes), `length ${n}`);
    }
  });

  it('checksums a slice', () => {
    const bytes = randomBytes(100);
    assert.equal(crc32c(bytes, 13, 91), crc32cBitwise(bytes.subarray(13, 91)));
  });
});

describe('kafka writer: partitioning', () => {
  it('puts every key in the partition kafkajs (and the Java client) would choose', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 7, 12]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, i) => ({ partitionId: i, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));
      for (let i = 0; i < 500; i++) {
        const key = i % 5 === 0 ? `세션-${randomBytes(i % 9).toString('hex')}` : randomBytes(i % 40).toString('base64');
        const expected = kafkajs({ topic: 't', partitionMetadata, message: { key, value: 'v' } });
        assert.equal(partitionForKey(Buffer.from(key, 'utf8'), partitions), expected, `key ${JSON.stringify(key)}, ${partitions} partitions`);
      }
    }
  });

  it('hashes like the reference murmur2 on a known input', () => {
    // Kafka's own test vector (UtilsTest.testMurmur2): "21" hashes to -973932308.
    assert.equal(murmur2(Buffer.from('21')), -973932308);
  });
});

describe('kafka writer: varints', () => {
  it('zig-zags signed numbers and writes base-128 varints', () => {
    assert.deepEqual([0, -1, 1, -2, 2, 63, -64, 2147483647, -2147483648].map(zigzag), [0, 1, 2, 3, 4, 126, 127, 4294967294, 4294967295]);
    const buf = Buffer.alloc(5);
    assert.equal(writeVarint(buf, 0, 300), 2);
    assert.deepEqual([...buf.subarray(0, 2)], [0xac, 0x02]);
    assert.deepEqual([0, 127, 128, 16383, 16384, 4294967295].map(varintSize), [1, 1, 2, 2, 3, 5]);
  });
});

describe('kafka writer: record batch', () => {
  it('encodes records that kafkajs decodes back, with a valid CRC and the producer identity', async () => {
    const records = Array.from({ length: 130 }, (_, i) => ({
      key: `session-${i % 7}`,
      value: JSON.stringify({ id: i, text: i % 3 === 0 ? '라벨 없는 생수'.repeat(i % 11) : 'x'.repeat(i * 3) }),
      headers: [['type', i % 2 ? 'page_view' : 'login']] as const,
    }));
    const bytes = encodeRecordBatch(records, { producerId: 4242, producerEpoch: 3, baseSequence: 1000, timestamp: 1_764_000_000_123 });

    assert.equal(bytes.readInt32BE(8), bytes.length - 12, 'batch length');
    assert.equal(bytes.readInt8(16), 2, 'magic');
    assert.equal(bytes.readUInt32BE(17), crc32c(bytes, 21, bytes.length), 'CRC over attributes … end');

    const batch = await decodeBatch(new KafkajsDecoder(bytes));
    assert.equal(batch.producerId, '4242');
    assert.equal(batch.producerEpoch, 3);
    assert.equal(batch.firstSequence, 1000);
    assert.equal(batch.inTransaction, false);
    assert.equal(batch.records.length, records.length);
    batch.records.forEach((r, i) => {
      const want = records[i];
      assert.ok(want);
      assert.equal(r.key.toString('utf8'), want.key);
      assert.equal(r.value.toString('utf8'), want.value);
      assert.equal(r.headers.type?.toString('utf8'), want.headers[0][1]);
      assert.equal(r.offset, String(i));
      assert.equal(r.timestamp, '1764000000123');
    });
  });

  it('encodes a single record without headers', async () => {
    const bytes = encodeRecordBatch([{ key: 'k', value: '' }], { producerId: 1, producerEpoch: 0, baseSequence: 0, timestamp: 1 });
    const batch = await decodeBatch(new KafkajsDecoder(bytes));
    assert.equal(batch.records.length, 1);
    assert.equal(batch.records[0]?.key.toString(), 'k');
    assert.equal(batch.records[0]?.value.toString(), '');
    assert.deepEqual(batch.records[0]?.headers, {});
  });
});
