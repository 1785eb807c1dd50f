import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onlyPlugin, scoreAll } from '../../testing/harness.js';
import { makeNode, makePod } from '../../testing/wrappers.js';
import { ImageLocality, calculatePriority, normalizedImageName } from './index.js';

const MB = 1024 * 1024;
const il = onlyPlugin((h) => new ImageLocality(h));

test('normalizedImageName adds :latest only when there is no tag', () => {
  assert.equal(normalizedImageName('nginx'), 'nginx:latest');
  assert.equal(normalizedImageName('gcr.io/x/nginx:1.25'), 'gcr.io/x/nginx:1.25');
  assert.equal(normalizedImageName('localhost:5000/nginx'), 'localhost:5000/nginx:latest');
});

test('ImageLocality: larger local images score higher, scaled by how many nodes have them', () => {
  const nodes = [
    makeNode('n1', { images: [{ names: ['gcr.io/40:latest'], sizeBytes: 40 * MB }] }),
    makeNode('n2', { images: [{ names: ['gcr.io/300:latest'], sizeBytes: 300 * MB }] }),
    makeNode('n3'),
  ];
  const pod = makePod('p', { containers: [{ name: 'a', image: 'gcr.io/40' }, { name: 'b', image: 'gcr.io/300' }] });
  // n1: 40MB * 1/3 = 13MB < 23MB → 0; n2: 100MB → 100*(100-23)/(2000-23) = 3
  assert.deepEqual(scoreAll({ nodes }, pod, il), { n1: 0, n2: 3, n3: 0 });
  assert.equal(calculatePriority(1000 * MB, 1), 100);
});
