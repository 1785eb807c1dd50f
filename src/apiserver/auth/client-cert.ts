// Client certificate authentication. The TLS layer runs with `requestCert: true, rejectUnauthorized: false`, so the
// chain is verified here: leaf (and any intermediates the client sent) up to a CA of the bundle, signatures,
// validity dates and ExtKeyUsage clientAuth. CN is the user name, O the groups (k8s x509 CommonNameUserConversion).
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, PeerCertificate, TLSSocket } from 'node:tls';
import type { UserInfo } from './user.js';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EKU = '2.5.29.37.0';
const MAX_DEPTH = 4;
const CACHE_MAX = 1024;

/** Splits a PEM bundle into its certificates. */
export function parseCABundle(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

export type CertCheck =
  | { kind: 'none' }
  | { kind: 'user'; user: UserInfo }
  | { kind: 'error'; message: string };

interface Verified { user?: UserInfo; error?: string; notBefore: number; notAfter: number }

const validity = (c: X509Certificate) => ({ from: Date.parse(c.validFrom), to: Date.parse(c.validTo) });

export class ClientCertVerifier {
  private readonly roots: X509Certificate[];
  private readonly cache = new Map<string, Verified>();
  private readonly perSocket = new WeakMap<TLSSocket, Verified | null>();

  constructor(caBundlePem: string) {
    this.roots = parseCABundle(caBundlePem);
    if (this.roots.length === 0) throw new Error('Cannot verify client certificates: the client CA bundle holds no certificate');
  }

  /** Checks the certificate the peer presented on this socket, if any. */
  check(socket: TLSSocket | undefined, now: number): CertCheck {
    if (!socket || typeof socket.getPeerCertificate !== 'function') return { kind: 'none' };
    // A TLS connection's peer certificate cannot change: verify once per socket (getPeerCertificate(true) rebuilds
    // the whole chain as JS objects and was ~10% of request CPU), keep the per-request validity-date check.
    let v = this.perSocket.get(socket);
    if (v === undefined) {
      const peer = socket.getPeerCertificate(true);
      if (!peer || !peer.raw) { this.perSocket.set(socket, null); return { kind: 'none' }; }
      const chain = peerChain(peer);
      const key = chain.map((c) => c.fingerprint256).join('/');
      v = this.cache.get(key);
      if (!v) {
        v = this.verify(peer, chain.map((c) => new X509Certificate(c.raw)));
        if (this.cache.size >= CACHE_MAX) this.cache.clear();
        this.cache.set(key, v);
      }
      this.perSocket.set(socket, v);
    }
    if (v === null) return { kind: 'none' };
    if (v.error) return { kind: 'error', message: v.error };
    if (now < v.notBefore || now > v.notAfter) return { kind: 'error', message: 'x509: certificate has expired or is not yet valid' };
    return v.user ? { kind: 'user', user: structuredClone(v.user) } : { kind: 'none' };
  }

  private verify(peer: PeerCertificate, certs: X509Certificate[]): Verified {
    const [leaf, ...intermediates] = certs;
    const eku = leaf.keyUsage;
    if (eku && eku.length && !eku.includes(CLIENT_AUTH) && !eku.includes(ANY_EKU)) {
      return { error: 'x509: certificate specifies an incompatible key usage', notBefore: 0, notAfter: 0 };
    }
    const path = this.chainTo(leaf, intermediates.filter((c) => c.ca), 0);
    if (!path) return { error: 'x509: certificate signed by unknown authority', notBefore: 0, notAfter: 0 };
    const ws = [leaf, ...path].map(validity);
    const notBefore = Math.max(...ws.map((w) => w.from));
    const notAfter = Math.min(...ws.map((w) => w.to));
    const cn = last(peer.subject?.CN);
    // An empty CN is not an identity: no opinion, as kube-apiserver.
    if (!cn) return { notBefore, notAfter };
    return { user: { username: cn, groups: all(peer.subject?.O) }, notBefore, notAfter };
  }

  /** The issuers from `cert` up to a root, or undefined when none signs it. */
  private chainTo(cert: X509Certificate, intermediates: X509Certificate[], depth: number): X509Certificate[] | undefined {
    for (const root of this.roots) {
      if (cert.checkIssued(root) && cert.verify(root.publicKey)) return [root];
    }
    if (depth >= MAX_DEPTH) return undefined;
    for (const mid of intermediates) {
      if (mid === cert || !cert.checkIssued(mid) || !cert.verify(mid.publicKey)) continue;
      const rest = this.chainTo(mid, intermediates.filter((m) => m !== mid), depth + 1);
      if (rest) return [mid, ...rest];
    }
    return undefined;
  }
}

function peerChain(peer: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const out = [peer];
  let c = peer;
  while (c.issuerCertificate && c.issuerCertificate !== c && c.issuerCertificate.fingerprint256 !== c.fingerprint256 && out.length <= MAX_DEPTH + 1) {
    c = c.issuerCertificate;
    out.push(c);
  }
  return out;
}

function all(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? [...v] : [v];
}

/** Go's pkix.Name keeps the last CN it reads. */
function last(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}
