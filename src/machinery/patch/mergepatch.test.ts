import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import { applyMergePatch, createMergePatch } from './mergepatch.js';

test('applyMergePatch follows RFC 7386', () => {
  const cases: [string, unknown, unknown, unknown][] = [
    ['scale', { spec: { replicas: 1, paused: false } }, { spec: { replicas: 3 } }, { spec: { replicas: 3, paused: false } }],
    ['label add', { metadata: { name: 'a' } }, { metadata: { labels: { app: 'web' } } }, { metadata: { name: 'a', labels: { app: 'web' } } }],
    ['null deletes', { metadata: { labels: { a: '1', b: '2' } } }, { metadata: { labels: { a: null } } }, { metadata: { labels: { b: '2' } } }],
    ['null on a missing key is ignored', { a: 1 }, { b: null }, { a: 1 }],
    ['arrays replace', { l: [1, 2, 3] }, { l: [4] }, { l: [4] }],
    ['list of objects replaces', { c: [{ name: 'a', x: 1 }] }, { c: [{ name: 'a', y: 2 }] }, { c: [{ name: 'a', y: 2 }] }],
    ['object replaces scalar, nulls pruned', { a: 'x' }, { a: { b: null, c: 1 } }, { a: { c: 1 } }],
    ['scalar replaces object', { a: { b: 1 } }, { a: 'x' }, { a: 'x' }],
    ['new object nulls pruned deeply', {}, { a: { b: { c: null, d: 1 } } }, { a: { b: { d: 1 } } }],
    ['nulls inside new arrays: elements kept, members pruned', {}, { a: [null, { x: null, y: 1 }] }, { a: [null, { y: 1 }] }],
    ['empty patch', { a: 1 }, {}, { a: 1 }],
    ['RFC example', { title: 'Goodbye!', author: { givenName: 'John', familyName: 'Doe' }, tags: ['example', 'sample'], content: 'x' },
      { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] },
      { title: 'Hello!', author: { givenName: 'John' }, tags: ['example'], content: 'x', phoneNumber: '+01-123-456-7890' }],
  ];
  for (const [name, doc, patch, want] of cases) {
    const before = structuredClone(doc);
    assert.deepEqual(applyMergePatch(doc, patch), want, name);
    assert.deepEqual(doc, before, `${name}: input untouched`);
  }
});

test('applyMergePatch with fieldValidation=Ignore lets an array patch replace the document', () => {
  assert.deepEqual(applyMergePatch({ a: 1 }, [1, { b: null }], { fieldValidation: 'Ignore' }), [1, {}]);
});

test('applyMergePatch rejects patches the apiserver refuses with 400', () => {
  const cases: [unknown, string, 'Ignore' | 'Strict' | undefined][] = [
    [null, 'Invalid JSON Patch', undefined],
    [[1], 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}', undefined],
    ['x', 'error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}', 'Strict'],
    [5, 'error decoding patch: json: cannot unmarshal number into Go value of type map[string]interface {}', undefined],
    [5, 'Invalid JSON Patch', 'Ignore'],
    [true, 'Invalid JSON Patch', 'Ignore'],
  ];
  for (const [patch, message, fv] of cases) {
    assert.throws(() => applyMergePatch({ a: 1 }, patch, { fieldValidation: fv }),
      (e: unknown) => e instanceof ApiError && e.code === 400 && e.reason === 'BadRequest' && e.message === message, JSON.stringify(patch));
  }
});

test('createMergePatch yields a patch that applyMergePatch turns back into modified', () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 1, b: 2 }, { a: 1, b: 3 }, { b: 3 }],
    [{ a: 1, b: 2 }, { a: 1 }, { b: null }],
    [{ m: { x: 1, y: 2 } }, { m: { x: 1, y: 3, z: 4 } }, { m: { y: 3, z: 4 } }],
    [{ l: [1, 2] }, { l: [1, 2] }, {}],
    [{ l: [1, 2] }, { l: [2, 1] }, { l: [2, 1] }],
    [{ a: 'x' }, { a: { b: 1 } }, { a: { b: 1 } }],
    [{ a: { b: 1 } }, { a: 'x' }, { a: 'x' }],
  ];
  for (const [original, modified, want] of cases) {
    const patch = createMergePatch(original, modified);
    assert.deepEqual(patch, want);
    assert.deepEqual(applyMergePatch(original, patch), modified);
  }
  assert.deepEqual(createMergePatch([1], { a: 1 }), { a: 1 });
});
