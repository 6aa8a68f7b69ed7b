/**
 * Finds the offsets of a produce-time window with Kafka's timestamp index (ListOffsets by timestamp): for
 * each partition, the first message produced at or after each end of the window.
 */
import type { KafkaStore } from '../../infra/kafka';
import { planOffsetRanges, type OffsetPlan } from './offset-ranges';

/**
 * The offset ranges of `topic` whose messages were produced in `[fromMs, toMs)` (by message timestamp; a
 * few may fall outside when producers' clocks disagree — callers filter by what they need).
 */
export async function locateOffsetRanges(kafka: KafkaStore, topic: string, fromMs: number, toMs: number): Promise<OffsetPlan> {
  const admin = await kafka.admin();
  // Bounds first: a message produced between the calls then lies beyond `high` or beyond the end lookup,
  // never inside a range whose start was computed without it.
  const bounds = await admin.fetchTopicOffsets(topic);
  const starts = await admin.fetchTopicOffsetsByTimestamp(topic, fromMs);
  const ends = await admin.fetchTopicOffsetsByTimestamp(topic, toMs);
  return planOffsetRanges(starts, ends, bounds);
}
