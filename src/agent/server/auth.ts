// Who may use the agent endpoint: a client certificate verified against the cluster CA, then `authorize(cert)`.
import type { IncomingMessage } from 'node:http';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { ApiError, forbidden, unauthorized } from '../../machinery/errors.js';
import { AGENT_CLIENT_CN } from '../../pki/node-credentials.js';

/** The kube-apiserver's kubelet client (CN kube-apiserver-kubelet-client) or any member of system:masters. */
export function defaultAuthorize(cert: PeerCertificate): boolean {
  const orgs = cert.subject?.O;
  const list = Array.isArray(orgs) ? orgs : orgs ? [orgs] : [];
  return cert.subject?.CN === AGENT_CLIENT_CN || list.includes('system:masters');
}

/** undefined when allowed; otherwise the error to answer (401 without a verified certificate, 403 when refused). */
export function checkClient(req: IncomingMessage, authorize: (c: PeerCertificate) => boolean): ApiError | undefined {
  const socket = req.socket as TLSSocket;
  const cert = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  if (!socket.authorized || !cert || Object.keys(cert).length === 0) return unauthorized();
  if (!authorize(cert)) {
    const user = cert.subject?.CN ?? '';
    return forbidden(`Forbidden (user=${user}, verb=${verbOf(req)}, resource=nodes, subresource(s)=[proxy])`);
  }
  return undefined;
}

function verbOf(req: IncomingMessage): string {
  return req.method === 'GET' || req.method === 'HEAD' ? 'get' : 'create';
}
