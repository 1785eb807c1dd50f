// Request authentication, in kube-apiserver's order: client certificate, then bearer token (static tokens, then
// service account JWTs). A presented credential that fails is a 401 (undefined); no credential at all is
// system:anonymous when anonymous auth is on. Every authenticated user also gets system:authenticated.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { ClientCertVerifier } from './client-cert.js';
import { anonymousUser, withAuthenticatedGroup, type UserInfo } from './user.js';

export type { UserInfo } from './user.js';

export interface AuthenticatorOptions {
  /** PEM bundle of CAs whose client certificates are accepted. */
  clientCA: string;
  /** Static bearer tokens, e.g. the join token's secret mapped to a node bootstrap user. */
  tokens: Map<string, UserInfo>;
  verifyServiceAccountToken?: (token: string) => UserInfo | undefined;
  /** Requests without credentials become system:anonymous. @default true */
  anonymous?: boolean;
  /** @default systemClock */
  clock?: Clock;
}

export type Authenticator = (req: IncomingMessage) => UserInfo | undefined;

const WS_TOKEN_PREFIX = 'base64url.bearer.authorization.k8s.io.';

/**
 * The bearer token a request carries: `Authorization: Bearer <t>`, or for WebSocket upgrades the
 * `base64url.bearer.authorization.k8s.io.<t>` subprotocol. '' means "a Bearer header with an empty token" (invalid);
 * undefined means no token.
 */
export function bearerToken(req: IncomingMessage): string | undefined {
  const auth = (req.headers.authorization ?? '').trim();
  if (auth) {
    const parts = auth.split(' ');
    if (parts.length >= 2 && parts[0].toLowerCase() === 'bearer') return parts[1];
  }
  if ((req.headers.upgrade ?? '').toLowerCase() === 'websocket') {
    const protos = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const p = protos.find((x) => x.startsWith(WS_TOKEN_PREFIX));
    if (p !== undefined) {
      try {
        return Buffer.from(p.slice(WS_TOKEN_PREFIX.length), 'base64url').toString('utf8');
      } catch {
        return '';
      }
    }
  }
  return undefined;
}

export function createAuthenticator(opts: AuthenticatorOptions): Authenticator {
  const certs = new ClientCertVerifier(opts.clientCA);
  const clock = opts.clock ?? systemClock;
  const anonymous = opts.anonymous ?? true;

  return (req) => {
    let failed = false;

    const cert = certs.check(req.socket as TLSSocket, clock.now());
    if (cert.kind === 'user') return withAuthenticatedGroup(cert.user);
    if (cert.kind === 'error') failed = true;

    const token = bearerToken(req);
    if (token !== undefined) {
      const user = token === '' ? undefined : opts.tokens.get(token) ?? opts.verifyServiceAccountToken?.(token);
      if (user) return withAuthenticatedGroup(user);
      failed = true;
    }

    if (failed || !anonymous) return undefined;
    return anonymousUser();
  };
}
