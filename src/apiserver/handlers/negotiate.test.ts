import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negotiateShape, type Shape } from './negotiate.js';

// Reference §1.2 Accept headers (plus metadata-only informers) and the response shape each gets.
const CASES: [string, string | undefined, Shape][] = [
  ['kubectl get (human output)', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json', 'table'],
  ['Table without g (defaults to meta.k8s.io)', 'application/json;as=Table;v=v1', 'table'],
  ['dynamic clients (apply, delete, get -o yaml)', 'application/json', 'object'],
  ['typed clients', 'application/vnd.kubernetes.protobuf,application/json', 'object'],
  ['client-node 1.4', 'application/json, */*;q=0.8', 'object'],
  ['client-node watch', '*/*', 'object'],
  ['discovery Accept on a resource path', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json', 'object'],
  ['metadata informers', 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json', 'partial'],
  ['metadata get', 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io', 'partial'],
  ['no Accept header', undefined, 'object'],
  ['Table of another group is not a meta Table', 'application/json;as=Table;v=v1;g=example.com', 'object'],
  ['JSON listed before Table wins', 'application/json,application/json;as=Table;v=v1;g=meta.k8s.io', 'object'],
  ['parameters with spaces', 'application/json; as=Table; v=v1; g=meta.k8s.io', 'table'],
];

test('negotiateShape answers Table, PartialObjectMetadata or the object for each client Accept header', () => {
  for (const [who, accept, want] of CASES) assert.equal(negotiateShape(accept), want, who);
});
