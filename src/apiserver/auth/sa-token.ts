// Service account tokens: ES256 JWTs in the shape kube-apiserver issues for TokenRequest (bound tokens), signed
// and verified with node:crypto. `jose` is not a dependency (only a transitive dev dependency of the test client),
// and one algorithm over compact JWS needs only a few lines.
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { systemClock, type Clock } from '../../machinery/clock.js';
import { ALL_SERVICE_ACCOUNTS, serviceAccountUsername, type UserInfo } from './user.js';

export interface ServiceAccountRef { namespace: string; name: string; uid: string }

/** What a token is bound to (TokenRequest spec.boundObjectRef); pods may carry the node they run on. */
export interface BoundObject { kind: 'Pod' | 'Secret' | 'Node'; name: string; uid: string; node?: { name: string; uid: string } }

export interface ServiceAccountClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  'kubernetes.io': {
    namespace: string;
    serviceaccount: { name: string; uid: string };
    pod?: { name: string; uid: string };
    secret?: { name: string; uid: string };
    node?: { name: string; uid: string };
  };
}

export interface ServiceAccountTokenIssuerOptions {
  /** PEM private key, EC P-256 (ServerPKI.serviceAccountKeyPem). */
  keyPem: string;
  /** The `iss` claim, e.g. https://kubernetes.default.svc.cluster.local */
  issuer: string;
  /** Audiences verify() accepts (--api-audiences). @default [issuer] */
  apiAudiences?: string[];
  /** @default systemClock */
  clock?: Clock;
  /** Extra check at verify, e.g. that the service account and bound pod still exist with these UIDs. */
  validate?: (claims: ServiceAccountClaims) => boolean;
}

export interface ServiceAccountTokenIssuer {
  readonly keyId: string;
  sign(sa: ServiceAccountRef, audiences: string[], expirationSeconds: number, boundObject?: BoundObject): { token: string; expiresAt: number; claims: ServiceAccountClaims };
  /** The user the token stands for, or undefined when it is not a valid token from this issuer. */
  verify(token: string): UserInfo | undefined;
  /** For GET /openid/v1/jwks. */
  jwks(): { keys: Array<Record<string, unknown>> };
  /** For GET /.well-known/openid-configuration. */
  openidConfiguration(): Record<string, unknown>;
}

/** Clock skew tolerated on exp/nbf/iat, as go-jose's default leeway. */
export const LEEWAY_SECONDS = 60;

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** Kubernetes' key id: base64url(sha256(DER SubjectPublicKeyInfo)). */
export function keyIdFor(pub: KeyObject): string {
  return b64url(createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest());
}

export function createServiceAccountTokenIssuer(opts: ServiceAccountTokenIssuerOptions): ServiceAccountTokenIssuer {
  const priv = createPrivateKey(opts.keyPem);
  if (priv.asymmetricKeyType !== 'ec' || priv.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('Cannot sign service account tokens: the key must be EC P-256');
  }
  const pub = createPublicKey(priv);
  const kid = keyIdFor(pub);
  const clock = opts.clock ?? systemClock;
  const apiAudiences = opts.apiAudiences ?? [opts.issuer];
  const header = b64url(JSON.stringify({ alg: 'ES256', kid }));

  return {
    keyId: kid,
    sign(sa, audiences, expirationSeconds, bound) {
      const now = Math.floor(clock.now() / 1000);
      const k8s: ServiceAccountClaims['kubernetes.io'] = { namespace: sa.namespace, serviceaccount: { name: sa.name, uid: sa.uid } };
      if (bound?.kind === 'Pod') {
        k8s.pod = { name: bound.name, uid: bound.uid };
        if (bound.node) k8s.node = { ...bound.node };
      } else if (bound?.kind === 'Secret') k8s.secret = { name: bound.name, uid: bound.uid };
      else if (bound?.kind === 'Node') k8s.node = { name: bound.name, uid: bound.uid };
      const claims: ServiceAccountClaims = {
        aud: [...audiences], exp: now + expirationSeconds, iat: now, iss: opts.issuer, jti: randomUUID(),
        'kubernetes.io': k8s, nbf: now, sub: serviceAccountUsername(sa.namespace, sa.name),
      };
      const input = `${header}.${b64url(JSON.stringify(claims))}`;
      const sig = sign('sha256', Buffer.from(input), { key: priv, dsaEncoding: 'ieee-p1363' });
      return { token: `${input}.${b64url(sig)}`, expiresAt: claims.exp * 1000, claims };
    },
    verify(token) {
      const claims = decodeVerified(token, pub, kid);
      if (!claims || !claimsValid(claims, opts.issuer, apiAudiences, Math.floor(clock.now() / 1000))) return undefined;
      if (opts.validate && !opts.validate(claims)) return undefined;
      return userFromClaims(claims);
    },
    jwks() {
      return { keys: [{ ...pub.export({ format: 'jwk' }), kid, use: 'sig', alg: 'ES256' }] };
    },
    openidConfiguration() {
      return {
        issuer: opts.issuer,
        jwks_uri: `${opts.issuer.replace(/\/$/, '')}/openid/v1/jwks`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
      };
    },
  };
}

function decodeVerified(token: string, pub: KeyObject, kid: string): ServiceAccountClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const h = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: string; kid?: string };
    if (h.alg !== 'ES256' || (h.kid !== undefined && h.kid !== kid)) return undefined;
    const sig = Buffer.from(parts[2], 'base64url');
    if (sig.length !== 64) return undefined;
    if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: pub, dsaEncoding: 'ieee-p1363' }, sig)) return undefined;
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as ServiceAccountClaims;
  } catch {
    return undefined;
  }
}

function claimsValid(c: ServiceAccountClaims, issuer: string, apiAudiences: string[], now: number): boolean {
  if (c.iss !== issuer) return false;
  if (typeof c.exp !== 'number' || now > c.exp + LEEWAY_SECONDS) return false;
  if (typeof c.nbf === 'number' && now + LEEWAY_SECONDS < c.nbf) return false;
  if (typeof c.iat === 'number' && now + LEEWAY_SECONDS < c.iat) return false;
  const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
  if (!aud.some((a) => apiAudiences.includes(a))) return false;
  const k = c['kubernetes.io'];
  if (!k?.namespace || !k.serviceaccount?.name) return false;
  return c.sub === serviceAccountUsername(k.namespace, k.serviceaccount.name);
}

function userFromClaims(c: ServiceAccountClaims): UserInfo {
  const k = c['kubernetes.io'];
  const extra: Record<string, string[]> = {};
  if (k.pod) {
    extra['authentication.kubernetes.io/pod-name'] = [k.pod.name];
    extra['authentication.kubernetes.io/pod-uid'] = [k.pod.uid];
  }
  if (k.node) {
    extra['authentication.kubernetes.io/node-name'] = [k.node.name];
    extra['authentication.kubernetes.io/node-uid'] = [k.node.uid];
  }
  if (c.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${c.jti}`];
  const u: UserInfo = {
    username: c.sub,
    uid: k.serviceaccount.uid,
    groups: [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${k.namespace}`],
  };
  if (Object.keys(extra).length) u.extra = extra;
  return u;
}
