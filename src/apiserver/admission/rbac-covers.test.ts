// Rule coverage and the escalation message's compact rule strings (policy_comparator / policy_compact).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { breakdownRule, compactString, covers, describeMissing, goQuoteList } from './rbac-covers.js';

const rule = (apiGroups: string[], resources: string[], verbs: string[], extra: Partial<PolicyRule> = {}): PolicyRule => ({ apiGroups, resources, verbs, ...extra });

test('breakdownRule splits a rule into one rule per group, resource, verb and name', () => {
  assert.equal(breakdownRule(rule(['', 'apps'], ['pods', 'deployments'], ['get', 'list'])).length, 8);
  assert.deepEqual(breakdownRule(rule([''], ['pods'], ['get'], { resourceNames: ['a', 'b'] })), [
    { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['b'] },
  ]);
  assert.deepEqual(breakdownRule({ nonResourceURLs: ['/healthz'], verbs: ['get', 'head'] }), [
    { nonResourceURLs: ['/healthz'], verbs: ['get'] }, { nonResourceURLs: ['/healthz'], verbs: ['head'] },
  ]);
});

test('covers: table of owner rules against wanted rules', () => {
  const cases: { name: string; owner: PolicyRule[]; wanted: PolicyRule[]; covered: boolean }[] = [
    { name: 'exact', owner: [rule([''], ['pods'], ['get'])], wanted: [rule([''], ['pods'], ['get'])], covered: true },
    { name: 'star verb and group', owner: [rule(['*'], ['pods'], ['*'])], wanted: [rule(['apps', ''], ['pods'], ['get', 'delete'])], covered: true },
    { name: 'missing verb', owner: [rule([''], ['pods'], ['get'])], wanted: [rule([''], ['pods'], ['get', 'list'])], covered: false },
    { name: 'verbs spread over two owner rules', owner: [rule([''], ['pods'], ['get']), rule([''], ['pods'], ['list'])], wanted: [rule([''], ['pods'], ['get', 'list'])], covered: true },
    { name: '* wanted needs * held', owner: [rule([''], ['pods'], ['get', 'list', 'create', 'update', 'patch', 'delete', 'watch', 'deletecollection'])], wanted: [rule([''], ['pods'], ['*'])], covered: false },
    { name: '*/subresource covers a subresource', owner: [rule([''], ['*/status'], ['get'])], wanted: [rule([''], ['pods/status'], ['get'])], covered: true },
    { name: 'a resource does not cover its subresource', owner: [rule([''], ['pods'], ['get'])], wanted: [rule([''], ['pods/log'], ['get'])], covered: false },
    { name: 'unrestricted covers a named resource', owner: [rule([''], ['pods'], ['get'])], wanted: [rule([''], ['pods'], ['get'], { resourceNames: ['a'] })], covered: true },
    { name: 'named does not cover unrestricted', owner: [rule([''], ['pods'], ['get'], { resourceNames: ['a'] })], wanted: [rule([''], ['pods'], ['get'])], covered: false },
    { name: 'other name', owner: [rule([''], ['pods'], ['get'], { resourceNames: ['a'] })], wanted: [rule([''], ['pods'], ['get'], { resourceNames: ['b'] })], covered: false },
    { name: 'url prefix', owner: [{ nonResourceURLs: ['/apis/*'], verbs: ['get'] }], wanted: [{ nonResourceURLs: ['/apis/apps'], verbs: ['get'] }], covered: true },
    { name: 'url elsewhere', owner: [{ nonResourceURLs: ['/apis/*'], verbs: ['get'] }], wanted: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }], covered: false },
    { name: 'nothing wanted', owner: [], wanted: [], covered: true },
  ];
  for (const c of cases) assert.equal(covers(c.owner, c.wanted).covered, c.covered, c.name);
});

test('compactString and goQuoteList print like Go %q', () => {
  assert.equal(goQuoteList(['system:authenticated', 'dev']), '["system:authenticated" "dev"]');
  assert.equal(compactString(rule([''], ['pods'], ['*'])), '{APIGroups:[""], Resources:["pods"], Verbs:["*"]}');
  assert.equal(compactString({ nonResourceURLs: ['/metrics'], verbs: ['get'] }), '{NonResourceURLs:["/metrics"], Verbs:["get"]}');
  assert.equal(compactString(rule(['apps'], ['deployments'], ['get'], { resourceNames: ['web'] })), '{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["web"], Verbs:["get"]}');
});

test('describeMissing merges verbs of one resource and sorts the lines', () => {
  const { missing } = covers([], [rule(['apps', ''], ['pods'], ['get', 'list'])]);
  assert.deepEqual(describeMissing(missing), [
    '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}',
    '{APIGroups:["apps"], Resources:["pods"], Verbs:["get" "list"]}',
  ]);
});
