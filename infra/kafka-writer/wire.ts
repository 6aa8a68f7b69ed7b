/**
 * Kafka's binary protocol primitives for the few non-flexible request and response versions the topic writer
 * uses: big-endian integers, int16-length strings, int32-length arrays, zig-zag varints (record fields).
 */

/** Builds a request body from small parts (record batches are appended as they are, not copied). */
export class BodyWriter {
  private readonly parts: Buffer[] = [];

  int8(n: number): this {
    const b = Buffer.allocUnsafe(1);
    b.writeInt8(n);
    return this.raw(b);
  }

  int16(n: number): this {
    const b = Buffer.allocUnsafe(2);
    b.writeInt16BE(n);
    return this.raw(b);
  }

  int32(n: number): this {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(n);
    return this.raw(b);
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  /** A string, or -1 length for null. */
  string(s: string | null): this {
    if (s === null) return this.int16(-1);
    const bytes = Buffer.from(s, 'utf8');
    return this.int16(bytes.length).raw(bytes);
  }

  /** An int32-counted array: `write` is called for each item. */
  array<T>(items: readonly T[], write: (item: T, w: this) => void): this {
    this.int32(items.length);
    for (const item of items) write(item, this);
    return this;
  }

  /** An int32-length byte string. */
  bytes(b: Buffer): this {
    return this.int32(b.length).raw(b);
  }

  raw(b: Buffer): this {
    this.parts.push(b);
    return this;
  }

  /** The parts written so far. */
  done(): Buffer[] {
    return this.parts;
  }
}

/** Reads a response body front to back; throws a RangeError when it ends early. */
export class BodyReader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  int8(): number {
    return this.take(1, (o) => this.buf.readInt8(o));
  }

  int16(): number {
    return this.take(2, (o) => this.buf.readInt16BE(o));
  }

  int32(): number {
    return this.take(4, (o) => this.buf.readInt32BE(o));
  }

  /** An int64 as a number (producer ids and offsets stay far below 2^53). */
  int64(): number {
    return this.take(8, (o) => Number(this.buf.readBigInt64BE(o)));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    return this.take(length, (o) => this.buf.toString('utf8', o, o + length));
  }

  string(): string {
    return this.nullableString() ?? '';
  }

  array<T>(read: (r: this) => T): T[] {
    const n = this.int32();
    const items: T[] = [];
    for (let i = 0; i < n; i++) items.push(read(this));
    return items;
  }

  private take<T>(n: number, read: (offset: number) => T): T {
    if (this.offset + n > this.buf.length) throw new RangeError(`Kafka response ended early (needed ${n} bytes at ${this.offset} of ${this.buf.length})`);
    const value = read(this.offset);
    this.offset += n;
    return value;
  }
}

/** The zig-zag encoding of a signed 32-bit integer (as an unsigned 32-bit number). */
export function zigzag(n: number): number {
  return ((n << 1) ^ (n >> 31)) >>> 0;
}

/** Bytes of the varint of an unsigned 32-bit number. */
export function varintSize(u: number): number {
  return u < 0x80 ? 1 : u < 0x4000 ? 2 : u < 0x200000 ? 3 : u < 0x10000000 ? 4 : 5;
}

/** Writes the varint of an unsigned 32-bit number at `offset`; returns the offset after it. */
export function writeVarint(buf: Buffer, offset: number, u: number): number {
  let v = u;
  while (v >= 0x80) {
    buf[offset++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[offset++] = v;
  return offset;
}
