import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorMessage } from '../../../machinery/errors.js';
import type { Schema } from '../schema.js';
import { validateCustomResource } from './validate.js';
import { pruneCustomResource } from './prune.js';
import { defaultCustomResource } from './default.js';

const schema: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['image'],
      properties: {
        image: { type: 'string', minLength: 1, maxLength: 20, pattern: '^[a-z]+$' },
        replicas: { type: 'integer', minimum: 0, maximum: 10, default: 1 },
        ratio: { type: 'number', exclusiveMinimum: true, minimum: 0 },
        mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
        port: { 'x-kubernetes-int-or-string': true },
        when: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 2, uniqueItems: true },
        items: { type: 'array', minItems: 1, items: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer', default: 3 } } } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        opt: { type: 'string', nullable: true },
        choice: { type: 'object', oneOf: [{ required: ['x'] }, { required: ['y'] }] },
        tmpl: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const messages = (obj: unknown) => validateCustomResource(schema, obj).map(fieldErrorMessage);

test('validateCustomResource: a valid object passes', () => {
  assert.deepEqual(messages({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n' }, spec: { image: 'abc', replicas: 2, port: '8080', when: '2024-01-02T03:04:05Z', opt: null, choice: { x: 1 }, tmpl: { apiVersion: 'v1', kind: 'Pod' } } }), []);
});

test('validateCustomResource: type errors use the Kubernetes wording', () => {
  assert.deepEqual(messages({ spec: { image: 'abc', replicas: 'string' } }), ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"']);
  assert.deepEqual(messages({ spec: { image: 'abc', port: true } }), ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']);
  assert.deepEqual(messages({ spec: { image: null } }), ['spec.image: Invalid value: "null": spec.image in body must be of type string: "null"']);
});

test('validateCustomResource: value constraints', () => {
  assert.deepEqual(messages({ spec: {} }), ['spec.image: Required value']);
  assert.deepEqual(messages({ spec: { image: 'abc', mode: 'x' } }), ['spec.mode: Unsupported value: "x": supported values: "a", "b"']);
  assert.deepEqual(messages({ spec: { image: 'ABC' } }), ['spec.image: Invalid value: "ABC": spec.image in body should match \'^[a-z]+$\'']);
  assert.deepEqual(messages({ spec: { image: 'abc', replicas: -1 } }), ['spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0']);
  assert.deepEqual(messages({ spec: { image: 'abc', replicas: 11 } }), ['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10']);
  assert.deepEqual(messages({ spec: { image: 'abc', ratio: 0 } }), ['spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0']);
  assert.deepEqual(messages({ spec: { image: '' } }), ['spec.image: Invalid value: "": spec.image in body should be at least 1 chars long', 'spec.image: Invalid value: "": spec.image in body should match \'^[a-z]+$\'']);
  assert.deepEqual(messages({ spec: { image: 'abc', when: 'yesterday' } }), ['spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"']);
  assert.deepEqual(messages({ spec: { image: 'abc', tags: ['a', 'a', 'b'] } }), ['spec.tags: Too many: 3: must have at most 2 items', 'spec.tags[1]: Duplicate value: "a"']);
  assert.deepEqual(messages({ spec: { image: 'abc', items: [] } }), ['spec.items: Invalid value: 0: spec.items in body should have at least 1 items']);
  assert.deepEqual(messages({ spec: { image: 'abc', items: [{ size: 'x' }] } }), ['spec.items[0].size: Invalid value: "string": spec.items[0].size in body must be of type integer: "string"']);
  assert.deepEqual(messages({ spec: { image: 'abc', labels: { a: 1 } } }), ['spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"']);
  assert.deepEqual(messages({ spec: { image: 'abc', choice: { x: 1, y: 2 } } }), ['spec.choice: Invalid value: {"x":1,"y":2}: spec.choice in body must validate one and only one schema (oneOf)']);
  assert.deepEqual(messages({ spec: { image: 'abc', tmpl: { kind: 'Pod' } } }), ['spec.tmpl.apiVersion: Required value: must not be empty']);
  assert.equal(messages({ spec: { image: 'abcdefghijklmnopqrstuvwxyz' } }).length, 1);
});

test('pruneCustomResource: removes unknown fields, keeps preserved ones and type meta', () => {
  const obj = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n' }, bogus: 1, spec: { image: 'a', foo: 1, items: [{ name: 'n', bar: 2 }], extra: { anything: 1, known: { a: 'x', b: 'y' } }, labels: { k: 'v' }, tmpl: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } } };
  const pruned = pruneCustomResource(schema, obj);
  assert.deepEqual(pruned, ['bogus', 'spec.foo', 'spec.items[0].bar', 'spec.extra.known.b']);
  assert.deepEqual(obj, { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n' }, spec: { image: 'a', items: [{ name: 'n' }], extra: { anything: 1, known: { a: 'x' } }, labels: { k: 'v' }, tmpl: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } } });
});

test('defaultCustomResource: fills absent fields, array items, and non-nullable nulls', () => {
  const obj = defaultCustomResource(schema, { spec: { image: 'a', replicas: null, items: [{ name: 'x' }, { size: 7 }] } });
  assert.deepEqual(obj, { spec: { image: 'a', replicas: 1, mode: 'a', items: [{ name: 'x', size: 3 }, { size: 7 }] } });
  assert.deepEqual(defaultCustomResource(schema, { metadata: {} }), { metadata: {} });
});
