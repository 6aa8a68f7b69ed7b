/**
 * The `ecopoint` user event of an upload's outcome (SPEC §2: service, points, image id, fail code), sent from
 * the worker to `logs.raw`. Its id is derived from the upload id, so a retried activity sends the same event
 * and the aggregator (which de-duplicates on event ids) counts it once.
 */
import { createHash } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { InfraError } from '../../domain/errors';
import { eventKey, parseLogEvent, type EventUser, type LogEventOf } from '../../domain/events';
import type { EcoPointService } from '../../domain/ecopoint-verdicts';
import { seoulIsoTime } from '../../domain/korea-time';
import { TOPICS } from '../../infra/contracts';
import type { KafkaStore } from '../../infra/kafka';

/** The request facts the web tier hands to the workflow for the event. */
export interface UploadEventContext {
  readonly sessionId: string;
  /** The page the upload was made on (`/ecopoint/1`). */
  readonly page: string;
  readonly user: EventUser;
}

/** A UUID (version-5 layout) derived from `name`: the same name always gives the same id. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(name).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The `ecopoint` event of an upload's outcome. */
export function ecopointEvent(
  uploadId: string,
  context: UploadEventContext,
  outcome: { readonly service: EcoPointService; readonly points: number; readonly failCode: string | null },
  at: Date,
): LogEventOf<'ecopoint'> {
  return {
    id: stableUuid(`ecopoint:${uploadId}`),
    type: 'ecopoint',
    time: seoulIsoTime(at),
    sessionId: context.sessionId,
    page: context.page,
    user: { ...context.user },
    data: { service: outcome.service, points: outcome.points, imageId: uploadId, failCode: outcome.failCode },
  };
}

/**
 * Sends events to `logs.raw` with one idempotent producer, connected on first use and disconnected after
 * {@link EcopointEventSender.idleMs} without events (so a worker or test process holds no idle connection).
 */
export class EcopointEventSender {
  /** Idle time before the producer disconnects, ms. */
  static readonly idleMs = 5000;
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly kafka: KafkaStore) {}

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const p = this.kafka.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await p.connect();
      this.producer = p;
      return p;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /**
   * Validates and sends one event (acks from all replicas).
   * @throws InfraError `ValidationFailed` for an event that fails the schema
   */
  async send(event: LogEventOf<'ecopoint'>): Promise<void> {
    const parsed = parseLogEvent(event);
    if (!parsed.ok) throw new InfraError('ValidationFailed', `ecopoint event is invalid: ${parsed.errors.join('; ')}`);
    clearTimeout(this.idle);
    const producer = await this.connected();
    try {
      await producer.send({ topic: TOPICS.logsRaw, acks: -1, messages: [{ key: eventKey(event), value: JSON.stringify(event) }] });
    } finally {
      this.idle = setTimeout(() => void this.close().catch(() => undefined), EcopointEventSender.idleMs);
      this.idle.unref();
    }
  }

  /** Disconnects the producer. */
  async close(): Promise<void> {
    clearTimeout(this.idle);
    const p = this.producer;
    this.producer = undefined;
    await p?.disconnect();
  }
}
