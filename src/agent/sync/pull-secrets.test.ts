import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Secret } from 'kubernetes-types/core/v1.js';
import { imageRegistry, pullCredentials } from './pull-secrets.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const dockerConfigJson = (auths: Record<string, unknown>): Secret => ({
  type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(JSON.stringify({ auths })) },
});

test('imageRegistry normalises Docker Hub and keeps registry ports', () => {
  assert.deepEqual(imageRegistry('busybox'), { host: 'docker.io', repository: 'library/busybox' });
  assert.deepEqual(imageRegistry('127.0.0.1:5000/team/app:v1'), { host: '127.0.0.1:5000', repository: 'team/app' });
});

test('pullCredentials decodes auth for the matching registry host only', () => {
  const s = dockerConfigJson({ '127.0.0.1:5000': { auth: b64('alice:s3cret') }, 'other.example': { username: 'bob', password: 'x' } });
  assert.deepEqual(pullCredentials('127.0.0.1:5000/app:1', [s]), [{ serverAddress: '127.0.0.1:5000', username: 'alice', password: 's3cret' }]);
  assert.deepEqual(pullCredentials('busybox', [s]), []);
});

test('pullCredentials: Docker Hub keys in any spelling, most specific path first, legacy dockercfg', () => {
  const hub = dockerConfigJson({ 'https://index.docker.io/v1/': { username: 'u', password: 'p' } });
  assert.equal(pullCredentials('busybox:1.36', [hub])[0]?.username, 'u');
  const scoped = dockerConfigJson({ 'reg.example/team': { username: 'team', password: 'p' }, 'reg.example': { username: 'all', password: 'p' } });
  assert.deepEqual(pullCredentials('reg.example/team/app', [scoped]).map((a) => a.username), ['team', 'all']);
  assert.deepEqual(pullCredentials('reg.example/teamx/app', [scoped]).map((a) => a.username), ['all']);
  const legacy: Secret = { type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64(JSON.stringify({ 'reg.example': { auth: b64('l:p') } })) } };
  assert.equal(pullCredentials('reg.example/x', [legacy])[0]?.username, 'l');
});
