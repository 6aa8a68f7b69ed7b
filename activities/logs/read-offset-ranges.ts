/**
 * Reads exact offset ranges of a topic, without committing anything: a throw-away consumer group that seeks
 * each partition to its range's start, hands every message in range to `onMessage`, and stops once every
 * range is read. kafkajs has no manual partition assignment, hence the group (deleted afterwards).
 */
import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { InfraError } from '../../domain/errors';
import type { KafkaStore } from '../../infra/kafka';
import type { OffsetRange } from './offset-ranges';

/** Options of {@link readOffsetRanges}. */
export interface ReadRangesOptions {
  /** Give up after this long without finishing (ms, default 10 minutes). */
  readonly timeoutMs?: number;
  /** Called after every fetched batch, e.g. to heartbeat a Temporal activity. */
  readonly onProgress?: (read: number) => void;
}

/**
 * Calls `onMessage` for every message of `ranges` (each `[from, to)` of one partition; a partition may have
 * several), in offset order per partition. An exception thrown by `onMessage` stops the read and is rethrown.
 * @returns how many messages were read
 * @throws InfraError `ServiceUnavailable` when the ranges could not be read within the timeout
 */
export async function readOffsetRanges(
  kafka: KafkaStore,
  topic: string,
  ranges: readonly OffsetRange[],
  onMessage: (partition: number, message: KafkaMessage) => void,
  options: ReadRangesOptions = {},
): Promise<number> {
  // Per partition: its ranges (several when other producers wrote between ours), read from the first start
  // to the last end, keeping only the messages inside a range.
  const pending = new Map<number, { start: bigint; end: bigint; spans: { from: bigint; to: bigint }[] }>();
  for (const r of ranges) {
    const span = { from: BigInt(r.from), to: BigInt(r.to) };
    if (span.to <= span.from) continue;
    const p = pending.get(r.partition);
    if (!p) pending.set(r.partition, { start: span.from, end: span.to, spans: [span] });
    else {
      p.spans.push(span);
      if (span.from < p.start) p.start = span.from;
      if (span.to > p.end) p.end = span.to;
    }
  }
  if (pending.size === 0) return 0;
  const groupId = `ciao-range-reader-${randomUUID()}`;
  const consumer = kafka.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200, sessionTimeout: 30_000, heartbeatInterval: 3000 });
  let read = 0;
  let finish: (err?: Error) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = (err) => (err ? reject(err) : resolve());
  });
  // It may fail before it is awaited (a timeout during connect): that is handled where it is awaited.
  finished.catch(() => undefined);
  const timer = setTimeout(
    () => finish(new InfraError('ServiceUnavailable', `reading ${topic} offsets timed out with partitions ${[...pending.keys()].join(', ')} unfinished`, { topic, read })),
    options.timeoutMs ?? 600_000,
  );
  try {
    await consumer.connect();
    // New groups start at the end: partitions without a range read nothing old.
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart) finish(e.payload.error);
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: (payload) => {
        const { batch } = payload;
        const range = pending.get(batch.partition);
        if (!range || !payload.isRunning()) return Promise.resolve();
        try {
          for (const m of batch.messages) {
            const offset = BigInt(m.offset);
            if (range.spans.some((span) => offset >= span.from && offset < span.to)) {
              onMessage(batch.partition, m);
              read++;
            }
          }
        } catch (err) {
          // The caller refused a message: stop reading (kafkajs would otherwise retry the batch forever).
          pending.clear();
          finish(err instanceof Error ? err : new Error(String(err)));
          return Promise.resolve();
        }
        // lastOffset() also covers trailing control records and compacted gaps.
        if (BigInt(batch.lastOffset()) + 1n >= range.end) {
          pending.delete(batch.partition);
          consumer.pause([{ topic, partitions: [batch.partition] }]);
          if (pending.size === 0) finish();
        }
        options.onProgress?.(read);
        return Promise.resolve();
      },
    });
    // Before any fetch answer is handled (those are I/O callbacks; this runs in the same tick as run()'s
    // continuation), and kafkajs drops answers that arrive while a seek is pending.
    for (const [partition, range] of pending) consumer.seek({ topic, partition, offset: range.start.toString() });
    await finished;
    return read;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    const admin = await kafka.admin().catch(() => undefined);
    await admin?.deleteGroups([groupId]).catch(() => undefined);
  }
}
