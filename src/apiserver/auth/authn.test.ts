import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { FakeClock } from '../../machinery/clock.js';
import { createCA, issueClientCert, issueServingCert, type CertKeyPair } from '../../pki/certs.js';
import { generateKeyPem } from '../../pki/keys.js';
import { bearerToken, createAuthenticator, type Authenticator } from './authn.js';
import { createServiceAccountTokenIssuer } from './sa-token.js';
import type { UserInfo } from './user.js';

const NOW = Date.now();
const DAY = 86400_000;
const clock = new FakeClock(NOW);
let ca: CertKeyPair, otherCA: CertKeyPair, admin: CertKeyPair, node: CertKeyPair, foreign: CertKeyPair, serverOnly: CertKeyPair, shortLived: CertKeyPair;
let server: Server;
let port = 0;
let authn: Authenticator;
const issuer = createServiceAccountTokenIssuer({ keyPem: generateKeyPem(), issuer: 'https://kubernetes.default.svc.cluster.local', clock });

before(async () => {
  ca = await createCA('test-ca', { now: NOW, days: 10 });
  otherCA = await createCA('other-ca', { now: NOW, days: 10 });
  admin = await issueClientCert(ca, { now: NOW, days: 5, cn: 'system:admin', orgs: ['system:masters'] });
  node = await issueClientCert(ca, { now: NOW, days: 5, cn: 'system:node:n1', orgs: ['system:nodes', 'extra'] });
  foreign = await issueClientCert(otherCA, { now: NOW, days: 5, cn: 'mallory', orgs: ['system:masters'] });
  serverOnly = await issueServingCert(ca, { now: NOW, days: 5, dns: ['x'], ips: [] });
  shortLived = await issueClientCert(ca, { now: NOW, days: 1, cn: 'brief' });
  const serving = await issueServingCert(ca, { now: NOW, days: 5, dns: ['localhost'], ips: ['127.0.0.1'] });
  authn = createAuthenticator({
    clientCA: ca.certPem,
    tokens: new Map<string, UserInfo>([['join-secret', { username: 'system:node-bootstrap', groups: ['system:bootstrappers'] }]]),
    verifyServiceAccountToken: (t) => issuer.verify(t),
    clock,
  });
  server = createServer({ cert: serving.certPem, key: serving.keyPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    res.end(JSON.stringify(authn(req) ?? null));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

after(() => new Promise<void>((r) => server.close(() => r())));

function call(opts: { cert?: CertKeyPair; headers?: Record<string, string> } = {}): Promise<UserInfo | null> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, path: '/', rejectUnauthorized: false, agent: false,
      cert: opts.cert?.certPem, key: opts.cert?.keyPem, headers: opts.headers,
    }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end();
  });
}

test('createAuthenticator maps a CA-signed client certificate to CN/O plus system:authenticated', async () => {
  assert.deepEqual(await call({ cert: admin }), { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] });
  assert.deepEqual(await call({ cert: node }), { username: 'system:node:n1', groups: ['system:nodes', 'extra', 'system:authenticated'] });
});

test('createAuthenticator rejects a certificate from another CA, without serverAuth-only usage, or out of its dates', async () => {
  assert.equal(await call({ cert: foreign }), null);
  assert.equal(await call({ cert: serverOnly }), null);
  clock.advance(2 * DAY);
  try {
    assert.equal(await call({ cert: shortLived }), null);
    assert.equal((await call({ cert: admin }))?.username, 'system:admin');
  } finally { clock.advance(-2 * DAY); }
});

test('createAuthenticator accepts static bearer tokens and rejects unknown or empty ones', async () => {
  assert.deepEqual(await call({ headers: { Authorization: 'Bearer join-secret' } }),
    { username: 'system:node-bootstrap', groups: ['system:bootstrappers', 'system:authenticated'] });
  assert.equal(await call({ headers: { Authorization: 'Bearer nope' } }), null);
  // kube-apiserver splits on single spaces: an empty token between two spaces is invalid...
  assert.equal(await call({ headers: { Authorization: 'Bearer  x' } }), null);
  // ...while a bare "Bearer" (trailing space trimmed) carries no credential at all.
  assert.equal((await call({ headers: { Authorization: 'Bearer ' } }))?.username, 'system:anonymous');
});

test('createAuthenticator falls through from a bad certificate to a good token, as the union authenticator does', async () => {
  assert.equal((await call({ cert: foreign, headers: { Authorization: 'Bearer join-secret' } }))?.username, 'system:node-bootstrap');
});

test('createAuthenticator verifies service account JWTs', async () => {
  const { token } = issuer.sign({ namespace: 'team', name: 'builder', uid: 'u-1' }, ['https://kubernetes.default.svc.cluster.local'], 3600);
  const u = await call({ headers: { Authorization: `Bearer ${token}` } });
  assert.equal(u?.username, 'system:serviceaccount:team:builder');
  assert.equal(u?.uid, 'u-1');
  assert.deepEqual(u?.groups, ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated']);
});

test('createAuthenticator makes requests without credentials anonymous, and ignores non-bearer schemes', async () => {
  assert.deepEqual(await call(), { username: 'system:anonymous', groups: ['system:unauthenticated'] });
  assert.deepEqual(await call({ headers: { Authorization: 'Basic Zm9vOmJhcg==' } }), { username: 'system:anonymous', groups: ['system:unauthenticated'] });
});

test('createAuthenticator with anonymous off returns undefined for no credentials', () => {
  const a = createAuthenticator({ clientCA: ca.certPem, tokens: new Map(), anonymous: false });
  assert.equal(a({ headers: {}, socket: {} } as unknown as IncomingMessage), undefined);
});

test('createAuthenticator does not hand out the stored UserInfo object', () => {
  const stored: UserInfo = { username: 'u', groups: ['g'] };
  const a = createAuthenticator({ clientCA: ca.certPem, tokens: new Map([['t', stored]]) });
  const got = a({ headers: { authorization: 'Bearer t' }, socket: {} } as unknown as IncomingMessage)!;
  got.groups.push('x');
  assert.deepEqual(stored.groups, ['g']);
});

test('bearerToken reads the header and the WebSocket subprotocol', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  assert.equal(bearerToken(req({ authorization: 'bearer abc' })), 'abc');
  assert.equal(bearerToken(req({ authorization: 'Bearer' })), undefined);
  assert.equal(bearerToken(req({})), undefined);
  const b64 = Buffer.from('tok.en').toString('base64url');
  assert.equal(bearerToken(req({ upgrade: 'websocket', 'sec-websocket-protocol': `v5.channel.k8s.io, base64url.bearer.authorization.k8s.io.${b64}` })), 'tok.en');
  assert.equal(bearerToken(req({ 'sec-websocket-protocol': `base64url.bearer.authorization.k8s.io.${b64}` })), undefined);
});
