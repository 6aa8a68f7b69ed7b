/**
 * One TCP connection to a Kafka broker: size-prefixed request frames (request header v1: api key, version,
 * correlation id, client id) and their responses (header v0: the correlation id), matched by correlation id.
 * A request that times out, or any socket error, closes the connection and fails every request on it; the
 * caller opens a new one.
 */
import net from 'node:net';
import { InfraError } from '../../domain/errors';
import { BodyReader, BodyWriter } from './wire';

/** Where and how to connect. */
export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: string;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

interface Pending {
  readonly resolve: (body: BodyReader) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** See the module comment. */
export class KafkaConnection {
  private socket: net.Socket | undefined;
  private nextCorrelationId = 1;
  private readonly pending = new Map<number, Pending>();
  private received: Buffer[] = [];
  private receivedBytes = 0;
  private closedWith: Error | undefined;

  constructor(readonly options: ConnectionOptions) {}

  /** `host:port`, for messages. */
  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  /** False once the connection failed or was closed. */
  get usable(): boolean {
    return this.socket !== undefined && this.closedWith === undefined;
  }

  /** Opens the socket (fails after the connect timeout). */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.options.host, port: this.options.port, noDelay: true });
      const timer = setTimeout(() => socket.destroy(new Error(`connection to ${this.address} timed out after ${this.options.connectTimeoutMs} ms`)), this.options.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        this.socket = socket;
        resolve();
      });
      socket.on('data', (chunk) => this.onData(chunk));
      socket.on('error', (err) => {
        clearTimeout(timer);
        this.fail(err);
        reject(unavailable(`Kafka broker ${this.address}: ${err.message}`, err));
      });
      socket.on('close', () => this.fail(new Error(`connection to ${this.address} closed`)));
    });
  }

  /** Sends a request and resolves with its response body (after the correlation id). */
  request(apiKey: number, apiVersion: number, body: BodyWriter): Promise<BodyReader> {
    const socket = this.socket;
    if (!socket || this.closedWith) return Promise.reject(unavailable(`Kafka broker ${this.address}: not connected`, this.closedWith));
    const correlationId = this.nextCorrelationId++;
    const header = new BodyWriter().int16(apiKey).int16(apiVersion).int32(correlationId).string(this.options.clientId).done();
    const parts = [...header, ...body.done()];
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(parts.reduce((n, p) => n + p.length, 0));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`request ${apiKey} to ${this.address} timed out after ${this.options.requestTimeoutMs} ms`)), this.options.requestTimeoutMs);
      this.pending.set(correlationId, { resolve, reject, timer });
      socket.cork();
      socket.write(size);
      for (const p of parts) socket.write(p);
      socket.uncork();
    });
  }

  /** Closes the socket; requests still waiting fail. */
  close(): void {
    this.fail(new Error(`connection to ${this.address} closed by the client`));
  }

  private onData(chunk: Buffer): void {
    this.received.push(chunk);
    this.receivedBytes += chunk.length;
    while (this.receivedBytes >= 4) {
      const head = this.received.length === 1 ? (this.received[0] as Buffer) : Buffer.concat(this.received);
      this.received = [head];
      const size = head.readInt32BE(0);
      if (head.length < 4 + size) return;
      const frame = head.subarray(4, 4 + size);
      const rest = head.subarray(4 + size);
      this.received = rest.length > 0 ? [rest] : [];
      this.receivedBytes = rest.length;
      const correlationId = frame.readInt32BE(0);
      const waiting = this.pending.get(correlationId);
      if (!waiting) continue; // a late answer to a request that already failed
      this.pending.delete(correlationId);
      clearTimeout(waiting.timer);
      waiting.resolve(new BodyReader(frame.subarray(4)));
    }
  }

  private fail(err: Error): void {
    if (!this.closedWith) this.closedWith = err;
    this.socket?.destroy();
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      this.pending.delete(id);
      waiting.reject(unavailable(`Kafka broker ${this.address}: ${err.message}`, err));
    }
  }
}

function unavailable(message: string, cause?: unknown): InfraError {
  return new InfraError('ServiceUnavailable', message, { service: 'kafka' }, { cause });
}
