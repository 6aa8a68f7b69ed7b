/**
 * Integration-test support: reading a topic back from its start with a real kafkajs consumer.
 */
import type { EachMessagePayload, Kafka } from 'kafkajs';
import { uniqueSuffix } from './stores';

/**
 * Reads `topic` from the beginning in a fresh consumer group, handing every message to `onMessage`, until it
 * returns true (done) or `timeoutMs` passes; then disconnects. The caller asserts on what it collected.
 */
export async function consumeUntil(kafka: Kafka, topic: string, onMessage: (payload: EachMessagePayload) => boolean, timeoutMs = 60_000): Promise<void> {
  const consumer = kafka.consumer({ groupId: `test-read-${uniqueSuffix()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timeoutMs);
      consumer
        .run({
          eachMessage: (payload) => {
            if (onMessage(payload)) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}
