import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { FakeClock } from '../../machinery/clock.js';
import { generateKeyPem } from '../../pki/keys.js';
import { createServiceAccountTokenIssuer, LEEWAY_SECONDS } from './sa-token.js';

const ISS = 'https://kubernetes.default.svc.cluster.local';
const T0 = Date.UTC(2025, 0, 1);
const keyPem = generateKeyPem();
const sa = { namespace: 'ml', name: 'trainer', uid: 'sa-uid' };

function setup(extra: Partial<Parameters<typeof createServiceAccountTokenIssuer>[0]> = {}) {
  const clock = new FakeClock(T0);
  return { clock, iss: createServiceAccountTokenIssuer({ keyPem, issuer: ISS, clock, ...extra }) };
}

test('sign produces an ES256 JWT with Kubernetes bound-token claims', () => {
  const { iss } = setup();
  const { token, expiresAt, claims } = iss.sign(sa, [ISS], 3600, { kind: 'Pod', name: 'p', uid: 'pod-uid', node: { name: 'n1', uid: 'node-uid' } });
  const [h, p, s] = token.split('.');
  assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url').toString()), { alg: 'ES256', kid: iss.keyId });
  const body = JSON.parse(Buffer.from(p, 'base64url').toString());
  assert.deepEqual(body, claims);
  assert.equal(body.sub, 'system:serviceaccount:ml:trainer');
  assert.equal(body.exp, T0 / 1000 + 3600);
  assert.equal(expiresAt, T0 + 3600_000);
  assert.deepEqual(body['kubernetes.io'], { namespace: 'ml', serviceaccount: { name: 'trainer', uid: 'sa-uid' }, pod: { name: 'p', uid: 'pod-uid' }, node: { name: 'n1', uid: 'node-uid' } });
  // The JWKS key verifies the signature independently.
  const jwk = iss.jwks().keys[0];
  assert.equal(jwk.kid, iss.keyId);
  const pub = createPublicKey({ key: jwk as never, format: 'jwk' });
  assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), { key: pub, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url')));
});

test('verify returns the service account user with groups and extra', () => {
  const { iss } = setup();
  const { token, claims } = iss.sign(sa, [ISS], 600, { kind: 'Pod', name: 'p', uid: 'pod-uid' });
  assert.deepEqual(iss.verify(token), {
    username: 'system:serviceaccount:ml:trainer', uid: 'sa-uid',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:ml'],
    extra: {
      'authentication.kubernetes.io/pod-name': ['p'], 'authentication.kubernetes.io/pod-uid': ['pod-uid'],
      'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`],
    },
  });
});

test('verify rejects expired tokens after the leeway, wrong audiences, other keys and tampering', () => {
  const { iss, clock } = setup();
  const { token } = iss.sign(sa, [ISS], 600);
  clock.advance((600 + LEEWAY_SECONDS) * 1000);
  assert.ok(iss.verify(token), 'inside leeway');
  clock.advance(1000);
  assert.equal(iss.verify(token), undefined, 'expired');

  const fresh = setup().iss;
  assert.equal(fresh.verify(fresh.sign(sa, ['vault'], 600).token), undefined, 'audience');
  const other = createServiceAccountTokenIssuer({ keyPem: generateKeyPem(), issuer: ISS, clock: new FakeClock(T0) });
  assert.equal(fresh.verify(other.sign(sa, [ISS], 600).token), undefined, 'other key');
  const good = fresh.sign(sa, [ISS], 600).token;
  const [h, p, s] = good.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  claims.sub = 'system:serviceaccount:kube-system:admin';
  assert.equal(fresh.verify(`${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`), undefined, 'tampered');
  assert.equal(fresh.verify('not-a-jwt'), undefined);
  const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
  assert.equal(fresh.verify(`${none}.${p}.`), undefined, 'alg none');
});

test('verify honours apiAudiences and the validate hook', () => {
  const { iss } = setup({ apiAudiences: ['api', ISS], validate: (c) => c['kubernetes.io'].serviceaccount.uid === 'sa-uid' });
  assert.ok(iss.verify(iss.sign(sa, ['api'], 600).token));
  assert.equal(iss.verify(iss.sign({ ...sa, uid: 'recreated' }, ['api'], 600).token), undefined);
});

test('openidConfiguration points at the JWKS', () => {
  const { iss } = setup();
  assert.equal(iss.openidConfiguration().jwks_uri, `${ISS}/openid/v1/jwks`);
});
