import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../machinery/clock.js';
import { SummaryCache } from './cache.js';
import type { Summary } from './summary.js';

function counting(fail = new Set<string>()) {
  const calls: string[] = [];
  return {
    calls,
    source: {
      async summary(n: string): Promise<Summary> {
        calls.push(n);
        if (fail.has(n)) throw new Error('connect: connection refused');
        return { node: { nodeName: n } };
      },
    },
  };
}

test('SummaryCache.get reuses a scrape for ttlMs, then scrapes again', async () => {
  const clock = new FakeClock(1000);
  const { calls, source } = counting();
  const c = new SummaryCache({ source, clock, ttlMs: 10_000 });
  assert.equal((await c.get('n1')).summary?.node.nodeName, 'n1');
  clock.advance(9_999);
  await c.get('n1');
  assert.deepEqual(calls, ['n1']);
  clock.advance(1);
  await c.get('n1');
  assert.deepEqual(calls, ['n1', 'n1']);
});

test('SummaryCache.get shares one scrape between concurrent callers', async () => {
  const { calls, source } = counting();
  const c = new SummaryCache({ source, clock: new FakeClock() });
  await Promise.all([c.get('a'), c.get('a'), c.get('b')]);
  assert.deepEqual(calls.sort(), ['a', 'b']);
});

test('SummaryCache.getMany leaves out unreachable nodes and remembers the failure', async () => {
  const clock = new FakeClock();
  const { calls, source } = counting(new Set(['down']));
  const errors: string[] = [];
  const c = new SummaryCache({ source, clock, onError: (n, e) => errors.push(`${n}: ${e}`) });
  const got = await c.getMany(['up', 'down', 'up']);
  assert.deepEqual([...got.keys()], ['up']);
  assert.deepEqual(errors, ['down: connect: connection refused']);
  await c.getMany(['down']);
  assert.equal(calls.filter((n) => n === 'down').length, 1);
});

test('SummaryCache.retain forgets nodes that are gone', async () => {
  const { calls, source } = counting();
  const c = new SummaryCache({ source, clock: new FakeClock() });
  await c.getMany(['a', 'b']);
  c.retain(new Set(['a']));
  await c.getMany(['a', 'b']);
  assert.deepEqual(calls, ['a', 'b', 'b']);
});
