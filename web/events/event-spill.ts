/**
 * The publisher's overflow on disk: a first-in, first-out queue of sealed event chunks in a folder, bounded in
 * bytes, so a Kafka outage longer than the in-memory buffer loses nothing (see {@link EventPublisher}).
 *
 * Chunks are appended, one JSON line each, to numbered segment files (`seg-000000000001.jsonl`, a new one
 * every `segmentBytes`) and read back a whole segment at a time, oldest first; a segment is deleted once
 * read. Every operation runs in one queue, so appends and reads keep their order and never block the
 * caller. Segments left by an earlier process in the same folder are adopted first (one publisher per folder).
 * The folder is made on the first append.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { appendFile, readFile, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { EventChunk } from './sender-protocol';

/** A chunk as it sits on disk: its publisher id is given again when it is read back. */
export type SpilledChunk = Omit<EventChunk, 'id'>;

/** Options of {@link EventSpill}. */
export interface EventSpillOptions {
  /** The folder (created if missing). */
  readonly dir: string;
  /** Most bytes on disk; appends beyond are refused (the caller drops and counts). */
  readonly maxBytes: number;
  /** Bytes per segment file before a new one starts (default 1 MiB). */
  readonly segmentBytes?: number;
  /** Remove the folder itself once empty when closed (for a private temporary folder; default false). */
  readonly removeDirOnClose?: boolean;
  /** Called when a write fails (disk full, folder gone): those events are lost. */
  readonly onLost?: (events: number, detail: string) => void;
}

function parseLine(line: string): SpilledChunk | undefined {
  try {
    return JSON.parse(line) as SpilledChunk;
  } catch {
    return undefined;
  }
}

interface Segment {
  readonly file: string;
  bytes: number;
  events: number;
  /** Still being appended to. */
  open: boolean;
}

const SEGMENT = /^seg-(\d{12})\.jsonl$/;

/** See the module comment. */
export class EventSpill {
  private readonly segments: Segment[] = [];
  private next = 1;
  private bytes = 0;
  private events = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Whether the folder exists: it is made on the first append, so a publisher that never spills leaves none. */
  private dirMade = false;
  private readonly segmentBytes: number;

  private constructor(private readonly options: EventSpillOptions) {
    this.segmentBytes = options.segmentBytes ?? 1024 * 1024;
  }

  /**
   * Opens the spill in `options.dir`, adopting segments an earlier process left there. Synchronous: it runs
   * once, when the publisher is made, before any request.
   */
  static open(options: EventSpillOptions): EventSpill {
    const spill = new EventSpill(options);
    if (!existsSync(options.dir)) return spill;
    spill.dirMade = true;
    const names = readdirSync(options.dir).filter((n) => SEGMENT.test(n)).sort();
    for (const name of names) {
      const file = path.join(options.dir, name);
      const text = readFileSync(file, 'utf8');
      // A line cut short by a crash mid-write is skipped: its events were never acknowledged to anyone.
      const events = text.split('\n').filter(Boolean).reduce((n, line) => n + (parseLine(line)?.keys.length ?? 0), 0);
      const { size } = statSync(file);
      spill.segments.push({ file, bytes: size, events, open: false });
      spill.bytes += size;
      spill.events += events;
      spill.next = Math.max(spill.next, Number(SEGMENT.exec(name)?.[1] ?? 0) + 1);
    }
    return spill;
  }

  /** A private folder under the system's temporary folder, for a publisher whose spill needs no restart. */
  static privateDir(tmp: string): string {
    return path.join(tmp, `ciao-events-spill-${process.pid}-${randomUUID().slice(0, 8)}`);
  }

  /** Events on disk or on their way there. */
  get spilledEvents(): number {
    return this.events;
  }

  /** Bytes on disk or on their way there. */
  get spilledBytes(): number {
    return this.bytes;
  }

  /** Events in the oldest segment (what the next {@link shift} returns), 0 when empty. */
  get nextEvents(): number {
    return this.segments[0]?.events ?? 0;
  }

  /**
   * Queues `chunk` for the disk.
   * @returns false (nothing written) when it would pass `maxBytes`
   */
  append(chunk: SpilledChunk): boolean {
    const line = `${JSON.stringify({ keys: chunk.keys, values: chunk.values, types: chunk.types })}\n`;
    const size = Buffer.byteLength(line, 'utf8');
    if (this.bytes + size > this.options.maxBytes) return false;
    if (!this.dirMade) {
      mkdirSync(this.options.dir, { recursive: true });
      this.dirMade = true;
    }
    let segment = this.segments[this.segments.length - 1];
    if (!segment?.open || segment.bytes >= this.segmentBytes) {
      if (segment) segment.open = false;
      segment = { file: path.join(this.options.dir, `seg-${String(this.next++).padStart(12, '0')}.jsonl`), bytes: 0, events: 0, open: true };
      this.segments.push(segment);
    }
    segment.bytes += size;
    segment.events += chunk.keys.length;
    this.bytes += size;
    this.events += chunk.keys.length;
    const file = segment.file;
    const events = chunk.keys.length;
    void this.enqueue(() => appendFile(file, line, 'utf8')).catch((err: unknown) => this.options.onLost?.(events, err instanceof Error ? err.message : String(err)));
    return true;
  }

  /** Reads and removes the oldest segment's chunks, in order; empty when nothing is spilled. */
  shift(): Promise<SpilledChunk[]> {
    const segment = this.segments.shift();
    if (!segment) return Promise.resolve([]);
    segment.open = false;
    this.bytes -= segment.bytes;
    this.events -= segment.events;
    return this.enqueue(async () => {
      const text = await readFile(segment.file, 'utf8');
      await unlink(segment.file);
      return text
        .split('\n')
        .filter(Boolean)
        .map(parseLine)
        .filter((c): c is SpilledChunk => c !== undefined);
    });
  }

  /** Waits for queued writes; removes the folder when asked to and nothing is left in it. */
  async close(): Promise<void> {
    await this.enqueue(() => Promise.resolve());
    if (this.options.removeDirOnClose && this.segments.length === 0) await rm(this.options.dir, { recursive: true, force: true });
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
