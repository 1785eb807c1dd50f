import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterDNSAddress, parseLabels, parsePort, parseTaints } from './agent-values.js';

test('node labels and taints parse like the kubelet flags', () => {
  assert.deepEqual(parseLabels(['zone=a', 'example.com/gpu=true']), { zone: 'a', 'example.com/gpu': 'true' });
  assert.throws(() => parseLabels(['novalue']), /--node-label novalue: expected key=value/);
  assert.deepEqual(parseTaints(['dedicated=ml:NoSchedule', 'spot:PreferNoSchedule']), [
    { key: 'dedicated', value: 'ml', effect: 'NoSchedule' }, { key: 'spot', effect: 'PreferNoSchedule' }]);
  assert.throws(() => parseTaints(['a=b:Sometimes']), /the effect must be one of NoSchedule, PreferNoSchedule, NoExecute/);
});

test('ports and the cluster DNS address', () => {
  assert.equal(parsePort('0', '--kubelet-port'), 0);
  assert.throws(() => parsePort('70000', '--kubelet-port'), /expected a port number/);
  assert.equal(clusterDNSAddress(undefined, '10.43.0.0/16'), '10.43.0.10');
  assert.equal(clusterDNSAddress('10.0.0.2', '10.43.0.0/16'), '10.0.0.2');
});
