import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { agentLocation, resolveContainer } from './location.js';

const pod = (containers: string[], init: string[] = [], nodeName: string | undefined = 'n1'): Pod => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { nodeName, containers: containers.map((name) => ({ name })), initContainers: init.map((name) => ({ name })) },
});

test('the only container is chosen; several need a name, listed like kube-apiserver does', () => {
  assert.equal(resolveContainer(pod(['a']), null), 'a');
  assert.throws(() => resolveContainer(pod(['a', 'b'], ['i']), null), { message: 'a container name must be specified for pod web, choose one of: [i a b]' });
  assert.throws(() => resolveContainer(pod(['a']), 'z'), { message: 'container z is not valid for pod web' });
  assert.equal(resolveContainer(pod(['a'], ['i']), 'i'), 'i');
});

test('agent paths follow the kubelet API and pass only known parameters', () => {
  const q = new URLSearchParams('container=a&command=sh&command=-c&command=exit 3&stdin=true&tty=false&bogus=1');
  assert.deepEqual(agentLocation(pod(['a', 'b']), 'exec', q), { nodeName: 'n1', path: '/exec/default/web/a?command=sh&command=-c&command=exit+3&stdin=true&tty=false' });
  assert.equal(agentLocation(pod(['a']), 'log', new URLSearchParams('follow=true&tailLines=5')).path, '/containerLogs/default/web/a?follow=true&tailLines=5');
  assert.equal(agentLocation(pod(['a', 'b']), 'portforward', new URLSearchParams()).path, '/portForward/default/web');
  assert.equal(agentLocation(pod(['a']), 'attach', new URLSearchParams('stdout=1')).path, '/attach/default/web/a?stdout=1');
});

test('unbound pods and commandless exec are refused', () => {
  assert.throws(() => agentLocation(pod(['a'], [], ''), 'log', new URLSearchParams()), { message: 'pod web does not have a host assigned' });
  assert.throws(() => agentLocation(pod(['a']), 'exec', new URLSearchParams()), { message: 'you must specify at least 1 command' });
});
