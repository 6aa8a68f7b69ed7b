/**
 * The messages between the {@link EventPublisher} (on the caller's thread) and its Kafka sender thread. Only
 * structured-clonable data: strings, numbers, arrays and plain objects.
 */
import type { KafkaSettings } from '../../infra/kafka';

/** Events already serialised for Kafka, in the order they were published. */
export interface EventChunk {
  /** Increasing per publisher; the sender acknowledges chunks by id. */
  readonly id: number;
  /** Message keys (user or session id), one per event. */
  readonly keys: readonly string[];
  /**
   * Message values: the events' JSON joined by newlines (JSON text never contains a raw newline). One string
   * rather than one per event: it is copied to the sender thread and kept until acknowledged, and one object
   * costs the garbage collector far less than hundreds.
   */
  readonly values: string;
  /** Event types (the `type` header), one per event. */
  readonly types: readonly string[];
}

/** What the sender thread starts from (its `workerData`). */
export interface SenderConfig {
  readonly kafka: KafkaSettings;
  readonly topic: string;
  /** Most events per Kafka request. */
  readonly batchSize: number;
  /** How long the first queued chunk may wait for companions before a request is sent, in ms. */
  readonly lingerMs: number;
  /** Longest wait between reconnection attempts, in ms. */
  readonly maxBackoffMs: number;
}

/** Publisher → sender. */
export type ToSender =
  | { readonly kind: 'chunk'; readonly chunk: EventChunk }
  /** Deliver what is queued until `deadline` (epoch ms), then disconnect and answer `closed`. */
  | { readonly kind: 'close'; readonly deadline: number };

/** Sender → publisher. */
export type FromSender =
  /** Kafka acknowledged these chunks (all their valid events). */
  | { readonly kind: 'acked'; readonly ids: readonly number[] }
  /** `count` events of chunk `id` failed the event schema and will not be sent; `detail` names the first. */
  | { readonly kind: 'invalid'; readonly id: number; readonly count: number; readonly detail: string }
  /** A request failed; its chunks stay queued and are retried after a back-off. */
  | { readonly kind: 'send_failed'; readonly detail: string }
  /** The sender disconnected; `undelivered` events were still queued. */
  | { readonly kind: 'closed'; readonly undelivered: number };
