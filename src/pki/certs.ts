// Certificate issuing: a self-signed CA, serving certificates, client certificates. Pure apart from randomness:
// the time is always passed in.
import { x509 } from './x509.js';
import { randomBytes } from 'node:crypto';
import { cryptoProvider, importKeyPem, newKey, SIGNING_ALG } from './keys.js';

const DAY = 24 * 3600 * 1000;
/** Certificates start 5 minutes in the past to tolerate clock skew between machines (kubeadm does the same). */
export const BACKDATE_MS = 5 * 60 * 1000;

/** A certificate and its private key, both PEM. */
export interface CertKeyPair { certPem: string; keyPem: string }

export interface IssueOptions {
  /** @default Date.now() */
  now?: number;
  days: number;
}

export interface ClientCertOptions extends IssueOptions {
  cn: string;
  /** Organizations; Kubernetes reads them as groups. */
  orgs?: string[];
}

export interface ServingCertOptions extends IssueOptions {
  cn?: string;
  dns: string[];
  ips: string[];
}

function serial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f; // positive INTEGER
  if (b[0] === 0) b[0] = 1;
  return b.toString('hex');
}

function subject(cn: string, orgs: string[] = []): x509.JsonName {
  return [...orgs.map((o) => ({ O: [o] })), { CN: [cn] }];
}

export async function createCA(cn: string, opts: IssueOptions): Promise<CertKeyPair> {
  const now = opts.now ?? Date.now();
  const key = await newKey();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: subject(cn),
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + opts.days * DAY),
    signingAlgorithm: SIGNING_ALG,
    keys: key.keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(key.keys.publicKey, false, cryptoProvider),
    ],
  }, cryptoProvider);
  return { certPem: cert.toString('pem'), keyPem: key.keyPem };
}

async function issue(ca: CertKeyPair, name: x509.JsonName, opts: IssueOptions, usage: x509.ExtendedKeyUsage,
  san?: x509.JsonGeneralNames): Promise<CertKeyPair> {
  const now = opts.now ?? Date.now();
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await importKeyPem(ca.keyPem);
  const key = await newKey();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([usage], false),
    await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey, false, cryptoProvider),
  ];
  if (san) extensions.push(new x509.SubjectAlternativeNameExtension(san, false));
  const caNotAfter = caCert.notAfter.getTime();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: name,
    issuer: caCert.subjectName,
    notBefore: new Date(now - BACKDATE_MS),
    // Never outlive the CA.
    notAfter: new Date(Math.min(now + opts.days * DAY, caNotAfter)),
    signingAlgorithm: SIGNING_ALG,
    publicKey: key.keys.publicKey,
    signingKey: caKey.keys.privateKey,
    extensions,
  }, cryptoProvider);
  return { certPem: cert.toString('pem'), keyPem: key.keyPem };
}

/** A client certificate: CN is the user name, O the groups (e.g. CN=system:node:n1, O=system:nodes). */
export function issueClientCert(ca: CertKeyPair, opts: ClientCertOptions): Promise<CertKeyPair> {
  return issue(ca, subject(opts.cn, opts.orgs), opts, x509.ExtendedKeyUsage.clientAuth);
}

/** A serving certificate with the given DNS and IP SANs (ExtKeyUsage serverAuth). */
export function issueServingCert(ca: CertKeyPair, opts: ServingCertOptions): Promise<CertKeyPair> {
  const san: x509.JsonGeneralNames = [
    ...dedupe(opts.dns).map((value) => ({ type: 'dns' as const, value })),
    ...dedupe(opts.ips.map(canonicalIP)).map((value) => ({ type: 'ip' as const, value })),
  ];
  return issue(ca, subject(opts.cn ?? 'skiff-apiserver'), opts, x509.ExtendedKeyUsage.serverAuth, san);
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs.filter((x) => x !== ''))];
}

/** 127.0.0.1 stays; IPv6 goes to its compressed lower-case form, so SAN comparisons are exact. */
export function canonicalIP(ip: string): string {
  if (!ip.includes(':')) return ip;
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

/** The DNS and IP SANs of a certificate. */
export function certSANs(certPem: string): { dns: string[]; ips: string[] } {
  const cert = new x509.X509Certificate(certPem);
  const ext = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const out = { dns: [] as string[], ips: [] as string[] };
  for (const n of ext?.names.items ?? []) {
    if (n.type === 'dns') out.dns.push(n.value);
    else if (n.type === 'ip') out.ips.push(canonicalIP(n.value));
  }
  return out;
}
