// Names and numbers of the Kubernetes streaming protocols (apimachinery pkg/util/remotecommand, httpstream, wsstream).

/** Remote command protocol versions, newest first (also the SPDY X-Stream-Protocol-Version values). */
export const REMOTE_COMMAND_V5 = 'v5.channel.k8s.io';
export const REMOTE_COMMAND_V4 = 'v4.channel.k8s.io';
export const REMOTE_COMMAND_V3 = 'v3.channel.k8s.io';
export const REMOTE_COMMAND_V2 = 'v2.channel.k8s.io';
export const REMOTE_COMMAND_V1 = 'channel.k8s.io';
export const REMOTE_COMMAND_PROTOCOLS = [REMOTE_COMMAND_V5, REMOTE_COMMAND_V4, REMOTE_COMMAND_V3, REMOTE_COMMAND_V2, REMOTE_COMMAND_V1];

/** WebSocket subprotocols accepted for exec/attach, in server preference order. base64 variants use text frames. */
export const WS_BASE64_V4 = 'v4.base64.channel.k8s.io';
export const WS_BASE64_V1 = 'base64.channel.k8s.io';
export const WS_REMOTE_COMMAND_PROTOCOLS = [...REMOTE_COMMAND_PROTOCOLS, WS_BASE64_V4, WS_BASE64_V1];

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** kubectl ≥1.31: the SPDY byte stream tunnelled in binary WebSocket messages. */
export const WS_SPDY_PORT_FORWARD = 'SPDY/3.1+portforward.k8s.io';

export const HEADER_PROTOCOL_VERSION = 'x-stream-protocol-version';
export const HEADER_STREAM_TYPE = 'streamtype';
export const HEADER_PORT = 'port';
export const HEADER_REQUEST_ID = 'requestid';

export const CHANNEL_STDIN = 0;
export const CHANNEL_STDOUT = 1;
export const CHANNEL_STDERR = 2;
export const CHANNEL_ERROR = 3;
export const CHANNEL_RESIZE = 4;
/** v5 only: `[255, channel]` closes the client→server direction of a channel (stdin EOF). */
export const CHANNEL_CLOSE = 255;

export type StreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize' | 'data';

/** Whether the protocol reports the exit status as a JSON Status (v4, v5) rather than plain text (v1–v3). */
export function usesJsonStatus(protocol: string): boolean {
  return protocol.startsWith('v4.') || protocol.startsWith('v5.');
}

/** Whether the protocol has a resize channel (v3 and later). */
export function supportsResize(protocol: string): boolean {
  return protocol.startsWith('v3.') || usesJsonStatus(protocol);
}

export function isBase64Protocol(protocol: string): boolean {
  return protocol.includes('base64.');
}

/** Splits header values that may be repeated or comma-joined (Node joins repeated headers with ", "). */
export function splitHeaderList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const parts = Array.isArray(value) ? value.flatMap((v) => v.split(',')) : value.split(',');
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** httpstream.Handshake: the first protocol in the *client's* order that the server supports. */
export function negotiateProtocol(client: string[], server: string[]): string | undefined {
  return client.find((p) => server.includes(p));
}
