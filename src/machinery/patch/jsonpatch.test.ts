import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import { applyJsonPatch } from './jsonpatch.js';

const doc = () => ({
  metadata: { name: 'web', annotations: { 'a/b': 'x', 'm~n': 'y' } },
  spec: { replicas: 1, list: [1, 2, 3], template: { spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } },
});

test('applyJsonPatch applies each operation', () => {
  const cases: [string, unknown[], (d: any) => void][] = [
    ['add member', [{ op: 'add', path: '/spec/paused', value: true }], (d) => { d.spec.paused = true; }],
    ['add replaces existing member', [{ op: 'add', path: '/spec/replicas', value: 3 }], (d) => { d.spec.replicas = 3; }],
    ['add inserts at index', [{ op: 'add', path: '/spec/list/1', value: 9 }], (d) => { d.spec.list = [1, 9, 2, 3]; }],
    ['add at length appends', [{ op: 'add', path: '/spec/list/3', value: 9 }], (d) => { d.spec.list = [1, 2, 3, 9]; }],
    ['add with - appends', [{ op: 'add', path: '/spec/list/-', value: 9 }], (d) => { d.spec.list.push(9); }],
    ['add with negative index counts from the end', [{ op: 'add', path: '/spec/list/-1', value: 9 }], (d) => { d.spec.list = [1, 2, 3, 9]; }],
    ['add without value sets null', [{ op: 'add', path: '/spec/x' }], (d) => { d.spec.x = null; }],
    ['remove member', [{ op: 'remove', path: '/spec/replicas' }], (d) => { delete d.spec.replicas; }],
    ['remove element', [{ op: 'remove', path: '/spec/list/0' }], (d) => { d.spec.list = [2, 3]; }],
    ['remove last with -1', [{ op: 'remove', path: '/spec/list/-1' }], (d) => { d.spec.list = [1, 2]; }],
    ['~1 decodes to /', [{ op: 'remove', path: '/metadata/annotations/a~1b' }], (d) => { delete d.metadata.annotations['a/b']; }],
    ['~0 decodes to ~', [{ op: 'replace', path: '/metadata/annotations/m~0n', value: 'z' }], (d) => { d.metadata.annotations['m~n'] = 'z'; }],
    ['replace nested', [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:1.26' }],
      (d) => { d.spec.template.spec.containers[0].image = 'nginx:1.26'; }],
    ['replace of a missing member adds it (evanphx v4)', [{ op: 'replace', path: '/spec/paused', value: true }], (d) => { d.spec.paused = true; }],
    ['replace the whole document', [{ op: 'replace', path: '', value: { a: 1 } }], (d) => { for (const k of Object.keys(d)) delete d[k]; d.a = 1; }],
    ['move', [{ op: 'move', from: '/spec/replicas', path: '/spec/count' }], (d) => { d.spec.count = 1; delete d.spec.replicas; }],
    ['move within a list', [{ op: 'move', from: '/spec/list/0', path: '/spec/list/-' }], (d) => { d.spec.list = [2, 3, 1]; }],
    ['copy deep', [{ op: 'copy', from: '/spec/template', path: '/spec/t2' }], (d) => { d.spec.t2 = structuredClone(d.spec.template); }],
    ['copy of a missing member copies null', [{ op: 'copy', from: '/spec/nope', path: '/spec/t2' }], (d) => { d.spec.t2 = null; }],
    ['test passes', [{ op: 'test', path: '/spec/list', value: [1, 2, 3] }, { op: 'replace', path: '/spec/replicas', value: 2 }], (d) => { d.spec.replicas = 2; }],
    ['test object ignores key order', [{ op: 'test', path: '/metadata/annotations', value: { 'm~n': 'y', 'a/b': 'x' } }], () => {}],
    ['test null on a missing member passes', [{ op: 'test', path: '/spec/nope', value: null }], () => {}],
    ['test whole document', [{ op: 'test', path: '', value: doc() }], () => {}],
    ['rollout undo shape', [{ op: 'replace', path: '/spec/template', value: { spec: { containers: [] } } },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '1' } }],
    (d) => { d.spec.template = { spec: { containers: [] } }; d.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' }; }],
    ['null patch is a no-op', null as unknown as unknown[], () => {}],
    ['empty patch is a no-op', [], () => {}],
  ];
  for (const [name, patch, mutate] of cases) {
    const input = doc();
    const want: any = doc();
    mutate(want);
    assert.deepEqual(applyJsonPatch(input, patch), want, name);
    assert.deepEqual(input, doc(), `${name}: input untouched`);
  }
});

test('applyJsonPatch rejects undecodable patches with 400', () => {
  const cases: [unknown, string, 'Warn' | 'Ignore' | undefined][] = [
    [{}, 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp', undefined],
    ['x', 'error decoding patch: json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp', 'Warn'],
    [[5], 'error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp', undefined],
    [[{ op: 5, path: '/a' }], 'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string', undefined],
    [{}, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch', 'Ignore'],
    [[[1]], 'json: cannot unmarshal array into Go value of type jsonpatch.Operation', 'Ignore'],
  ];
  for (const [patch, message, fv] of cases) {
    assert.throws(() => applyJsonPatch(doc(), patch, { fieldValidation: fv }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 400);
      assert.equal(e.reason, 'BadRequest');
      assert.equal(e.message, message);
      return true;
    }, JSON.stringify(patch));
  }
});

test('applyJsonPatch answers 422 with the apiserver text when an operation fails', () => {
  const cases: [string, unknown[]][] = [
    ['remove missing member', [{ op: 'remove', path: '/spec/nope' }]],
    ['remove below missing parent', [{ op: 'remove', path: '/spec/nope/x' }]],
    ['replace below missing parent', [{ op: 'replace', path: '/nope/x', value: 1 }]],
    ['replace out of range', [{ op: 'replace', path: '/spec/list/3', value: 1 }]],
    ['add past the end', [{ op: 'add', path: '/spec/list/4', value: 1 }]],
    ['add bad index', [{ op: 'add', path: '/spec/list/x', value: 1 }]],
    ['add below a scalar', [{ op: 'add', path: '/spec/replicas/x', value: 1 }]],
    ['add at the root path', [{ op: 'add', path: '', value: {} }]],
    ['test fails', [{ op: 'test', path: '/spec/replicas', value: 2 }]],
    ['test string vs number', [{ op: 'test', path: '/spec/replicas', value: '1' }]],
    ['test missing member against a value', [{ op: 'test', path: '/spec/nope', value: 1 }]],
    ['unknown op', [{ op: 'frobnicate', path: '/spec' }]],
    ['missing op', [{ path: '/spec' }]],
    ['null op object', [null]],
    ['missing path', [{ op: 'add', value: 1 }]],
    ['move missing from', [{ op: 'move', path: '/a' }]],
    ['move from missing member', [{ op: 'move', from: '/spec/nope', path: '/spec/x' }]],
    ['remove with -', [{ op: 'remove', path: '/spec/list/-' }]],
    ['replace root with a scalar', [{ op: 'replace', path: '', value: 1 }]],
    ['failure after a good op', [{ op: 'add', path: '/spec/a', value: 1 }, { op: 'remove', path: '/nope' }]],
  ];
  for (const [name, patch] of cases) {
    const input = doc();
    assert.throws(() => applyJsonPatch(input, patch), (e: unknown) => {
      assert.ok(e instanceof ApiError, name);
      assert.equal(e.code, 422, name);
      assert.equal(e.reason, 'Invalid', name);
      assert.equal(e.message, 'the server rejected our request due to an error in our request', name);
      assert.deepEqual(e.toStatus().details, {}, name);
      return true;
    }, name);
    assert.deepEqual(input, doc(), `${name}: input untouched`);
  }
});

test('applyJsonPatch refuses more than 10000 operations with 413', () => {
  const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/spec/replicas', value: 1 }));
  assert.throws(() => applyJsonPatch(doc(), ops), (e: unknown) => e instanceof ApiError && e.code === 413 &&
    e.message === 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001');
});
