import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { checkTypeMeta, decodeObject, describeJsonType, dryRunOf, fieldValidationMode } from './decode.js';
import type { RequestContext } from './context.js';
import { BUILTIN_RESOURCES } from '../resources.js';
import { ApiError } from '../../machinery/errors.js';
import type { KObject } from '../../api/types.js';

function ctx(group: string, resource: string, contentType?: string): RequestContext {
  const info = BUILTIN_RESOURCES.find((r) => r.group === group && r.resource === resource)!;
  const req = { headers: contentType === undefined ? {} : { 'content-type': contentType } } as unknown as IncomingMessage;
  return { req, entry: { info }, query: new URLSearchParams(), warnings: [] } as unknown as RequestContext;
}
function apiErr(code: number, reason: string, message: string | RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.reason, reason);
    if (typeof message === 'string') assert.equal(e.message, message); else assert.match(e.message, message);
    return true;
  };
}

test('decodeObject reads JSON (also without a Content-Type) and YAML', () => {
  const json = decodeObject(ctx('apps', 'deployments', 'application/json'), Buffer.from('{"metadata":{"name":"web"}}'));
  assert.deepEqual(json, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }, 'missing apiVersion/kind are filled in');
  assert.equal(decodeObject(ctx('', 'configmaps'), Buffer.from('{"kind":"ConfigMap"}')).apiVersion, 'v1');
  const yaml = decodeObject(ctx('', 'configmaps', 'application/yaml'), Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n'));
  assert.deepEqual(yaml.data, { k: 'v' });
});

test('decodeObject refuses unknown media types with 415 listing the accepted ones', () => {
  assert.throws(() => decodeObject(ctx('', 'configmaps', 'text/plain'), Buffer.from('x')),
    apiErr(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf'));
});

test('decodeObject refuses non-object bodies', () => {
  assert.throws(() => decodeObject(ctx('', 'configmaps', 'application/json'), Buffer.from('[1]')), apiErr(400, 'BadRequest', 'the request body must be a JSON object, got an array'));
});

test('checkTypeMeta refuses an apiVersion or kind that does not match the endpoint, with apimachinery wording', () => {
  const c = ctx('apps', 'deployments');
  assert.throws(() => checkTypeMeta(c, { apiVersion: 'apps/v1beta1', kind: 'Deployment' }),
    apiErr(400, 'BadRequest', 'the API version in the data (apps/v1beta1) does not match the expected API version (apps/v1)'));
  assert.throws(() => checkTypeMeta(c, { apiVersion: 'apps/v1', kind: 'StatefulSet' }),
    apiErr(400, 'BadRequest', 'the kind in the data (StatefulSet) does not match the expected kind (Deployment)'));
  assert.throws(() => checkTypeMeta(c, { apiVersion: 1 } as unknown as KObject), apiErr(400, 'BadRequest', 'apiVersion must be a string, got 1'));
  const o: KObject = { apiVersion: 'policy/v1', kind: 'Eviction' };
  checkTypeMeta(c, o, { apiVersion: 'policy/v1', kind: 'Eviction' });
  assert.deepEqual(o, { apiVersion: 'policy/v1', kind: 'Eviction' }, 'an explicit expected type (subresources) wins');
});

test('checkTypeMeta refuses a metadata that is not an object, as Go\'s decoder does', () => {
  assert.throws(() => checkTypeMeta(ctx('', 'configmaps'), { metadata: 'x' } as unknown as KObject),
    apiErr(400, 'BadRequest', 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta'));
  assert.throws(() => checkTypeMeta(ctx('apps', 'deployments'), { metadata: [] } as unknown as KObject),
    apiErr(400, 'BadRequest', /^Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal array into Go struct field Deployment\.metadata/));
});

test('describeJsonType names JSON types the way Go\'s decoder does', () => {
  assert.deepEqual([null, [], 1, 's', true, {}].map(describeJsonType), ['null', 'array', 'number', 'string', 'boolean', 'object']);
});

test('fieldValidationMode defaults to Warn and refuses unknown values', () => {
  const q = (s: string) => new URLSearchParams(s);
  assert.equal(fieldValidationMode(q('')), 'Warn');
  assert.equal(fieldValidationMode(q('fieldValidation=')), 'Warn');
  for (const v of ['Strict', 'Warn', 'Ignore'] as const) assert.equal(fieldValidationMode(q(`fieldValidation=${v}`)), v);
  assert.throws(() => fieldValidationMode(q('fieldValidation=strict')), apiErr(400, 'BadRequest', 'fieldValidation: Unsupported value: "strict": supported values: "Ignore", "Strict", "Warn"'));
});

test('dryRunOf accepts only All', () => {
  assert.equal(dryRunOf(new URLSearchParams('')), false);
  assert.equal(dryRunOf(new URLSearchParams('dryRun=All')), true);
  assert.throws(() => dryRunOf(new URLSearchParams('dryRun=All&dryRun=Some')), apiErr(400, 'BadRequest', 'dryRun: Unsupported value: "Some": supported values: "All"'));
});
