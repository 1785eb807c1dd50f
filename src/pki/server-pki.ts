// The server's PKI on disk, k3s style: created on first start, loaded afterwards, and the serving certificate
// re-issued when a requested SAN is missing or it is near expiry.
//
//   <dir>/tls/server-ca.crt|key            CA "skiff-server-ca@<unix>", 10 years; signs serving and client certs
//   <dir>/tls/serving-kube-apiserver.crt|key   SANs: localhost, 127.0.0.1, host name, kubernetes.default..., extras
//   <dir>/tls/client-admin.crt|key         CN=system:admin, O=system:masters
//   <dir>/tls/service.key                  EC key that signs service account tokens
import { X509Certificate } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { canonicalIP, certSANs, createCA, issueClientCert, issueServingCert, type CertKeyPair } from './certs.js';
import { readIfExists, writeFileAtomic } from './files.js';
import { generateKeyPem } from './keys.js';

const DAY = 24 * 3600 * 1000;
/** Certificates closer than this to expiry are re-issued at start (k3s uses 90 days). */
export const RENEW_BEFORE_MS = 90 * DAY;
const CA_DAYS = 3650;
const LEAF_DAYS = 365;

/** Names every serving certificate carries: what in-cluster clients and local kubectl use. */
export const DEFAULT_SERVING_DNS = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
export const DEFAULT_SERVING_IPS = ['127.0.0.1', '::1'];

export interface ServerPKIOptions {
  /** The server directory (`<data-dir>/server`); files go to `<dir>/tls`. */
  dir: string;
  /** Extra SANs (--tls-san, --advertise-address, the first service IP such as 10.43.0.1). */
  sans: { dns: string[]; ips: string[] };
  /** @default Date.now() */
  now?: number;
  /** @default os.hostname() */
  hostName?: string;
}

export interface ServerPKI {
  ca: CertKeyPair;
  serving: CertKeyPair;
  admin: CertKeyPair;
  serviceAccountKeyPem: string;
  files: {
    caCert: string; caKey: string; servingCert: string; servingKey: string;
    adminCert: string; adminKey: string; serviceAccountKey: string;
  };
  /** What this call created or re-issued (empty when everything was loaded), for the start-up log. */
  generated: Array<'ca' | 'serving' | 'admin' | 'service-account-key'>;
}

export function pkiFiles(dir: string): ServerPKI['files'] {
  const t = join(dir, 'tls');
  return {
    caCert: join(t, 'server-ca.crt'), caKey: join(t, 'server-ca.key'),
    servingCert: join(t, 'serving-kube-apiserver.crt'), servingKey: join(t, 'serving-kube-apiserver.key'),
    adminCert: join(t, 'client-admin.crt'), adminKey: join(t, 'client-admin.key'),
    serviceAccountKey: join(t, 'service.key'),
  };
}

function loadPair(certPath: string, keyPath: string): CertKeyPair | undefined {
  const certPem = readIfExists(certPath);
  const keyPem = readIfExists(keyPath);
  return certPem && keyPem ? { certPem, keyPem } : undefined;
}

function savePair(p: CertKeyPair, certPath: string, keyPath: string): void {
  writeFileAtomic(keyPath, p.keyPem, 0o600);
  writeFileAtomic(certPath, p.certPem, 0o644);
}

/** True when `leaf` carries a valid signature of `ca`. */
export function signedBy(leaf: CertKeyPair, ca: CertKeyPair): boolean {
  try {
    const c = new X509Certificate(leaf.certPem);
    const caX = new X509Certificate(ca.certPem);
    return c.checkIssued(caX) && c.verify(caX.publicKey);
  } catch {
    return false;
  }
}

/** True when `leaf` is signed by `ca`, is already valid and does not expire within RENEW_BEFORE_MS. */
export function isCurrent(leaf: CertKeyPair, ca: CertKeyPair, now: number): boolean {
  if (!signedBy(leaf, ca)) return false;
  const c = new X509Certificate(leaf.certPem);
  return Date.parse(c.validTo) - now > RENEW_BEFORE_MS && Date.parse(c.validFrom) <= now;
}

/** Whether a serving certificate names every requested DNS name and IP. */
export function coversSANs(certPem: string, want: { dns: string[]; ips: string[] }): boolean {
  const have = certSANs(certPem);
  const dns = new Set(have.dns.map((d) => d.toLowerCase()));
  const ips = new Set(have.ips);
  return want.dns.every((d) => dns.has(d.toLowerCase())) && want.ips.every((ip) => ips.has(canonicalIP(ip)));
}

export async function ensureServerPKI(opts: ServerPKIOptions): Promise<ServerPKI> {
  const now = opts.now ?? Date.now();
  const files = pkiFiles(opts.dir);
  const generated: ServerPKI['generated'] = [];
  const want = {
    dns: [...DEFAULT_SERVING_DNS, opts.hostName ?? hostname(), ...opts.sans.dns].filter(Boolean),
    ips: [...DEFAULT_SERVING_IPS, ...opts.sans.ips].filter(Boolean),
  };

  let ca = loadPair(files.caCert, files.caKey);
  if (!ca || Date.parse(new X509Certificate(ca.certPem).validTo) <= now) {
    ca = await createCA(`skiff-server-ca@${Math.floor(now / 1000)}`, { now, days: CA_DAYS });
    savePair(ca, files.caCert, files.caKey);
    generated.push('ca');
  }

  let serving = loadPair(files.servingCert, files.servingKey);
  if (!serving || !isCurrent(serving, ca, now) || !coversSANs(serving.certPem, want)) {
    // Keep the names an older certificate had (k3s only ever adds SANs), unless it came from another CA.
    const old = serving && signedBy(serving, ca) ? certSANs(serving.certPem) : { dns: [], ips: [] };
    serving = await issueServingCert(ca, { now, days: LEAF_DAYS, dns: [...want.dns, ...old.dns], ips: [...want.ips, ...old.ips] });
    savePair(serving, files.servingCert, files.servingKey);
    generated.push('serving');
  }

  let admin = loadPair(files.adminCert, files.adminKey);
  if (!admin || !isCurrent(admin, ca, now)) {
    admin = await issueClientCert(ca, { now, days: LEAF_DAYS, cn: 'system:admin', orgs: ['system:masters'] });
    savePair(admin, files.adminCert, files.adminKey);
    generated.push('admin');
  }

  let serviceAccountKeyPem = readIfExists(files.serviceAccountKey);
  if (!serviceAccountKeyPem) {
    serviceAccountKeyPem = generateKeyPem();
    writeFileAtomic(files.serviceAccountKey, serviceAccountKeyPem, 0o600);
    generated.push('service-account-key');
  }

  return { ca, serving, admin, serviceAccountKeyPem, files, generated };
}
