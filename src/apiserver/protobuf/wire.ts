// A bounds-checked protobuf wire reader. Every read checks the remaining bytes and throws WireError with the absolute
// byte offset, so malformed input can never read past the buffer or loop: each read consumes at least one byte.

/** Wire types of the protobuf encoding. 3 and 4 (groups) are never produced by Kubernetes and are rejected. */
export const WT_VARINT = 0;
export const WT_FIXED64 = 1;
export const WT_LEN = 2;
export const WT_FIXED32 = 5;

/** A decoding failure; `path` is filled in (outermost first) as the error travels up through nested messages. */
export class WireError extends Error {
  readonly path: string[] = [];
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

/** A varint split into its low and high 32 bits (both unsigned). */
export interface Varint { lo: number; hi: number }

export class WireReader {
  pos: number;
  constructor(readonly buf: Uint8Array, start = 0) {
    this.pos = start;
  }

  varint(end: number): Varint {
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new WireError(`unexpected end of data in varint at byte ${start}`);
      const b = this.buf[this.pos++]!;
      if (i < 4) lo |= (b & 0x7f) << (i * 7);
      else if (i === 4) { lo |= (b & 0x0f) << 28; hi |= (b & 0x7f) >>> 4; }
      else hi |= (b & 0x7f) << (i * 7 - 32);
      if ((b & 0x80) === 0) {
        if (i === 9 && b > 1) throw new WireError(`varint overflows 64 bits at byte ${start}`);
        return { lo: lo >>> 0, hi: hi >>> 0 };
      }
    }
    throw new WireError(`varint longer than 10 bytes at byte ${start}`);
  }

  /** Reads a field key; returns the field number and wire type. */
  tag(end: number): { field: number; wireType: number } {
    const at = this.pos;
    const v = this.varint(end);
    const field = v.lo >>> 3;
    if (v.hi !== 0 || field === 0) throw new WireError(`illegal field number in tag at byte ${at}`);
    const wireType = v.lo & 7;
    if (wireType === 3 || wireType === 4) throw new WireError(`group wire type ${wireType} is not supported (field ${field} at byte ${at})`);
    if (wireType > 5) throw new WireError(`illegal wire type ${wireType} for field ${field} at byte ${at}`);
    return { field, wireType };
  }

  /** Reads a length prefix and returns the end offset of the delimited bytes. */
  lengthEnd(end: number): number {
    const at = this.pos;
    const v = this.varint(end);
    const remaining = end - this.pos;
    if (v.hi !== 0 || v.lo > remaining) {
      const len = v.hi !== 0 ? v.hi * 4294967296 + v.lo : v.lo;
      throw new WireError(`length ${len} at byte ${at} exceeds the ${remaining} remaining bytes`);
    }
    return this.pos + v.lo;
  }

  bytes(end: number): Uint8Array {
    const stop = this.lengthEnd(end);
    const out = this.buf.subarray(this.pos, stop);
    this.pos = stop;
    return out;
  }

  string(end: number): string {
    const b = this.bytes(end);
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  }

  fixed(end: number, size: 4 | 8): Uint8Array {
    if (end - this.pos < size) throw new WireError(`unexpected end of data in fixed${size * 8} at byte ${this.pos}`);
    const out = this.buf.subarray(this.pos, this.pos + size);
    this.pos += size;
    return out;
  }

  /** Skips a field of an unknown number. */
  skip(wireType: number, end: number): void {
    switch (wireType) {
      case WT_VARINT: this.varint(end); return;
      case WT_FIXED64: this.fixed(end, 8); return;
      case WT_LEN: this.pos = this.lengthEnd(end); return;
      case WT_FIXED32: this.fixed(end, 4); return;
      default: throw new WireError(`illegal wire type ${wireType} at byte ${this.pos}`);
    }
  }
}

/** Two's-complement 64-bit value as a JS number (exact up to 2^53). */
export function int64(v: Varint): number {
  return (v.hi | 0) * 4294967296 + v.lo;
}

export function uint64(v: Varint): number {
  return v.hi * 4294967296 + v.lo;
}

/** Go truncates a varint to its low 32 bits when the field is int32. */
export function int32(v: Varint): number {
  return v.lo | 0;
}
