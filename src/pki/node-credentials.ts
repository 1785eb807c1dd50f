// Credentials the server hands a joining node agent (k3s serves the same from /v1-k3s/client-kubelet.crt and
// serving-kubelet.crt): a client certificate `system:node:<name>` in group `system:nodes` for talking to the API
// server, and a serving certificate for the agent's own HTTPS endpoint (logs, exec, port-forward, stats) covering
// the node's addresses. Plus the API server's client certificate towards agents.
import { isIP } from 'node:net';
import { issueClientCert, issueServingCert, type CertKeyPair } from './certs.js';

export interface NodeCredentials { caPem: string; client: CertKeyPair; serving: CertKeyPair }

export const NODE_CERT_DAYS = 365;
export const AGENT_CLIENT_CN = 'kube-apiserver-kubelet-client';

const NODE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Validates the request and issues both certificates. `addresses` may mix IPs and DNS names. */
export async function issueNodeCredentials(ca: CertKeyPair, nodeName: string, addresses: string[], now = Date.now()): Promise<NodeCredentials> {
  if (!NODE_NAME.test(nodeName)) throw new Error(`invalid node name ${JSON.stringify(nodeName)}: must be a lowercase RFC 1123 subdomain`);
  const ips = [...new Set(['127.0.0.1', ...addresses.filter((a) => isIP(a))])];
  const dns = [...new Set([nodeName, 'localhost', ...addresses.filter((a) => !isIP(a))])];
  const client = await issueClientCert(ca, { cn: `system:node:${nodeName}`, orgs: ['system:nodes'], days: NODE_CERT_DAYS, now });
  const serving = await issueServingCert(ca, { cn: nodeName, dns, ips, days: NODE_CERT_DAYS, now });
  return { caPem: ca.certPem, client, serving };
}

/** The API server's identity towards node agents (kube's apiserver-kubelet-client, in system:masters). */
export function issueAgentClientCert(ca: CertKeyPair, now = Date.now()): Promise<CertKeyPair> {
  return issueClientCert(ca, { cn: AGENT_CLIENT_CN, orgs: ['system:masters'], days: NODE_CERT_DAYS, now });
}
