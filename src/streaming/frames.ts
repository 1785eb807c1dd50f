// Frame codecs of the WebSocket channel protocols (wsstream): binary messages `[channel, ...data]`, or for the base64
// variants text messages `'0'+channel` followed by base64 data. Plus the resize message format.
import type { TerminalSize } from './types.js';
import { CHANNEL_CLOSE } from './protocol.js';

export interface ChannelFrame { channel: number; data: Buffer }

export function encodeChannelFrame(channel: number, data: Uint8Array, base64: boolean): Buffer | string {
  if (base64) return String.fromCharCode(48 + channel) + Buffer.from(data).toString('base64');
  const out = Buffer.allocUnsafe(data.length + 1);
  out[0] = channel;
  out.set(data, 1);
  return out;
}

/** Decodes one WebSocket message; undefined for an empty one. */
export function decodeChannelFrame(message: Buffer | string, base64: boolean): ChannelFrame | undefined {
  if (base64) {
    const text = typeof message === 'string' ? message : message.toString('latin1');
    if (text.length === 0) return undefined;
    return { channel: text.charCodeAt(0) - 48, data: Buffer.from(text.slice(1), 'base64') };
  }
  const buf = typeof message === 'string' ? Buffer.from(message, 'latin1') : message;
  if (buf.length === 0) return undefined;
  return { channel: buf[0]!, data: buf.subarray(1) };
}

/** v5: the CLOSE frame for a channel (`[255, channel]`), sent by a client at stdin EOF. */
export function encodeCloseFrame(channel: number): Buffer {
  return Buffer.from([CHANNEL_CLOSE, channel]);
}

/** The channel a CLOSE frame closes, or undefined when the frame is not a CLOSE frame. */
export function closedChannel(frame: ChannelFrame): number | undefined {
  return frame.channel === CHANNEL_CLOSE && frame.data.length >= 1 ? frame.data[0] : undefined;
}

/** client-go encodes TerminalSize with Go field names, one JSON document per message, newline-terminated. */
export function encodeResize(size: TerminalSize): Buffer {
  return Buffer.from(JSON.stringify({ Width: size.width, Height: size.height }) + '\n');
}

/** Accumulates resize bytes (SPDY stream or WebSocket channel 4) and yields complete sizes. */
export class ResizeDecoder {
  private pending = '';

  push(chunk: Buffer | string): TerminalSize[] {
    this.pending += chunk.toString();
    const out: TerminalSize[] = [];
    for (;;) {
      const end = jsonObjectEnd(this.pending);
      if (end < 0) break;
      const doc = this.pending.slice(0, end);
      this.pending = this.pending.slice(end).replace(/^\s+/, '');
      try {
        const v = JSON.parse(doc) as { Width?: unknown; Height?: unknown };
        if (typeof v.Width === 'number' && typeof v.Height === 'number') out.push({ width: v.Width, height: v.Height });
      } catch {
        // A malformed document is skipped, as the kubelet logs and ignores it.
      }
    }
    return out;
  }
}

/** Index just past the first complete top-level JSON object in s (no strings contain braces here), or -1. */
function jsonObjectEnd(s: string): number {
  let depth = 0;
  let started = false;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') { depth++; started = true; }
    else if (c === '}') { depth--; if (started && depth === 0) return i + 1; }
  }
  return -1;
}

/** Legacy WebSocket port-forward: the server's first message on each channel is the port, uint16 little-endian. */
export function encodePortPrefix(channel: number, port: number, base64: boolean): Buffer | string {
  const p = Buffer.alloc(2);
  p.writeUInt16LE(port, 0);
  return encodeChannelFrame(channel, p, base64);
}
