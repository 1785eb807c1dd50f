import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../machinery/clock.js';
import { FakeRuntime } from '../runtime/fake.js';
import { ImageGC } from './manager.js';

test('image GC removes unused old images when the image filesystem is over the high threshold, keeps used and pinned ones', async () => {
  const clock = new FakeClock();
  const rt = new FakeRuntime({ clock });
  rt.addImage('docker.io/library/old:1', { size: 300 });
  rt.addImage('docker.io/library/busy:1', { size: 300 });
  rt.addImage('skiff.local/pause:3.9', { size: 10 });
  const events: string[] = [];
  let used = 900;
  const gc = new ImageGC({ runtime: rt, clock, imageFsPath: '/', pinned: ['skiff.local/pause:3.9'], fsUsage: () => ({ capacityBytes: 1000, usedBytes: used }), event: (_t, r, m) => events.push(`${r}: ${m}`) });
  const sb = await rt.runPodSandbox({ metadata: { name: 'p', uid: 'u', namespace: 'ns', attempt: 0 }, hostname: 'p' } as never);
  await rt.createContainer(sb, { metadata: { name: 'c', attempt: 0 }, image: { image: 'docker.io/library/busy:1' } } as never, {} as never);
  assert.deepEqual(await gc.run(), [], 'images younger than the minimum age are kept');
  clock.advance(3 * 60_000);
  const removed = await gc.run();
  assert.equal(removed.length, 1);
  const left = (await rt.listImages()).flatMap((i) => i.repoTags);
  assert.ok(!left.includes('docker.io/library/old:1'));
  assert.ok(left.includes('docker.io/library/busy:1') && left.includes('skiff.local/pause:3.9'));
  used = 950;
  clock.advance(3 * 60_000);
  assert.deepEqual(await gc.run(), []);
  assert.match(events.at(-1)!, /^ImageGCFailed: Failed to garbage collect required amount of images\. Attempted to free 150 bytes, but only found 0 bytes eligible to free\.$/);
});
