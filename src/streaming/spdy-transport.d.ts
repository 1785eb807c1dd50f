// Minimal typings for spdy-transport@3.0.0 (the package ships none): only what spdy.ts uses.
declare module 'spdy-transport' {
  import type { Duplex } from 'node:stream';
  import type { EventEmitter } from 'node:events';

  export interface SpdyStream extends Duplex {
    readonly id: number;
    readonly headers: Record<string, string>;
    respond(status: number, headers: Record<string, string>, callback?: (err?: Error) => void): void;
    abort(code?: string, callback?: () => void): void;
  }

  export interface SpdyConnection extends EventEmitter {
    start(version: number): void;
    request(
      uri: { method: string; path: string; host?: string; headers: Record<string, string> },
      callback?: (err: Error | null, stream: SpdyStream) => void,
    ): SpdyStream;
    end(callback?: () => void): void;
    destroyStreams(err?: Error): void;
    // Internal state we adjust (see spdy.ts).
    _spdyState: any;
  }

  export const connection: {
    create(socket: Duplex, options: { protocol: 'spdy'; isServer: boolean; autoSpdy31?: boolean; windowSize?: number }): SpdyConnection;
  };
}
