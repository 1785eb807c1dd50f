import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorMessage } from '../../../../machinery/errors.js';
import type { KObject } from '../../../../api/types.js';
import { strategyFor } from '../index.js';
import { clone } from '../util.js';

const services = strategyFor('', 'services');

function created(body: KObject): KObject & { spec: any } {
  const o = clone(body);
  services.defaults(o);
  services.prepareForCreate?.(o);
  return o as KObject & { spec: any };
}

/** `kubectl expose deployment web --port=80` (roughly). */
const SVC: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };

test('service defaults', () => {
  const s = created(SVC);
  assert.deepEqual(s.spec, {
    selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], type: 'ClusterIP', sessionAffinity: 'None',
    internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
  });
  assert.deepEqual(s.status, { loadBalancer: {} });
  const np = created({ ...SVC, spec: { type: 'NodePort', ports: [{ port: 80 }] } });
  assert.equal(np.spec.externalTrafficPolicy, 'Cluster');
  assert.deepEqual(services.validate(s), []);
});

test('service validate: names, ports, clusterIP', () => {
  const cases: [string, (s: any) => void, string[]][] = [
    ['dns-1035 name', (s) => { s.metadata.name = '1web'; },
      ["metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]],
    ['unnamed ports', (s) => { s.spec.ports.push({ port: 443, protocol: 'TCP', targetPort: 443 }); }, ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']],
    ['port range', (s) => { s.spec.ports[0].port = 0; s.spec.ports[0].targetPort = 8080; }, ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['bad clusterIP', (s) => { s.spec.clusterIP = '10.0.0.300'; s.spec.clusterIPs = ['10.0.0.300']; }, ['spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    ['nodePort on ClusterIP', (s) => { s.spec.ports[0].nodePort = 30080; }, ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
    ['bad type', (s) => { s.spec.type = 'Magic'; }, ['spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
  ];
  for (const [name, mutate, want] of cases) {
    const s = created(SVC);
    mutate(s);
    assert.deepEqual(services.validate(s).map(fieldErrorMessage), want, name);
  }
  const headless = created({ ...SVC, spec: { clusterIP: 'None', selector: { app: 'web' } } });
  assert.deepEqual(headless.spec.clusterIPs, ['None']);
  assert.deepEqual(services.validate(headless), []);
});

test('service update: omitted clusterIP and nodePorts are kept, a changed clusterIP is refused', () => {
  const old = created({ ...SVC, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] } });
  old.spec.clusterIP = '10.43.0.10'; old.spec.clusterIPs = ['10.43.0.10']; old.spec.ports[0].nodePort = 30080;
  const replaced = created({ ...SVC, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] } });
  services.prepareForUpdate?.(replaced, old);
  assert.equal(replaced.spec.clusterIP, '10.43.0.10');
  assert.equal(replaced.spec.ports[0].nodePort, 30080);
  assert.deepEqual(services.validateUpdate(replaced, old), []);
  const moved = clone(replaced); moved.spec.clusterIP = '10.43.0.11'; moved.spec.clusterIPs = ['10.43.0.11'];
  assert.deepEqual(services.validateUpdate(moved, old).map(fieldErrorMessage), ['spec.clusterIPs[0]: Invalid value: []string{"10.43.0.11"}: may not change once set']);
});
