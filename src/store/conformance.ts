// One behavioural suite every Backend must pass. `make` returns a started, empty backend; the suite closes it.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isStoreError, type Backend, type WatchEvent } from './backend.js';

/** Watch events gathered by a test; `next(n)` waits (event-driven, bounded) for the n events after those already taken. */
export interface Collector {
  readonly events: WatchEvent[];
  readonly errors: Error[];
  next(n: number): Promise<WatchEvent[]>;
  close(): void;
}

export function collect(b: Backend, prefix: string, afterRevision: number): Collector {
  const events: WatchEvent[] = [];
  const errors: Error[] = [];
  let taken = 0;
  let waiter: { until: number; resolve(): void } | undefined;
  const w = b.watch(prefix, {
    afterRevision,
    onEvents(es) {
      events.push(...es);
      if (waiter && events.length >= waiter.until) waiter.resolve();
    },
    onError(err) { errors.push(err); },
  });
  return {
    events,
    errors,
    async next(n) {
      const until = taken + n;
      if (events.length < until) {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error(`timed out waiting for ${n} events, got ${events.length - taken}`)), 5000);
          waiter = { until, resolve: () => { clearTimeout(t); waiter = undefined; resolve(); } };
        });
      }
      const got = events.slice(taken, until);
      taken = until;
      return got;
    },
    close: () => w.close(),
  };
}

/** Resolves after pending watch deliveries (one setImmediate round, twice for safety) have run. */
export const settle = () => new Promise<void>((r) => setImmediate(() => setImmediate(r)));

const revs = (es: WatchEvent[]) => es.map((e) => e.kv.modRevision);
const summary = (es: WatchEvent[]) => es.map((e) => `${e.type} ${e.kv.key}=${e.kv.value}`);

export function backendConformance(name: string, make: () => Promise<Backend>): void {
  describe(`${name} backend conformance`, () => {
    let b: Backend;
    beforeEach(async () => { b = await make(); });
    afterEach(async () => { await b.close(); });

    it('create then get returns the value with createRevision = modRevision', async () => {
      const kv = await b.create('/k/a', '{"a":1}');
      assert.equal(kv.key, '/k/a');
      assert.equal(kv.value, '{"a":1}');
      assert.equal(kv.createRevision, kv.modRevision);
      assert.equal(b.currentRevision(), kv.modRevision);
      const got = await b.get('/k/a');
      assert.deepEqual(got.kv, kv);
      assert.equal(got.revision, kv.modRevision);
      assert.equal((await b.get('/k/missing')).kv, undefined);
    });

    it('create of an existing key throws ErrKeyExists', async () => {
      await b.create('/k/a', '1');
      await assert.rejects(b.create('/k/a', '2'), (e) => isStoreError(e, 'KeyExists') && /key exists: \/k\/a/.test(e.message));
      assert.equal((await b.get('/k/a')).kv?.value, '1');
    });

    it('update succeeds only with the current modRevision', async () => {
      const a = await b.create('/k/a', '1');
      const stale = await b.update('/k/a', '2', a.modRevision - 1);
      assert.deepEqual(stale, { ok: false, kv: a });
      const ok = await b.update('/k/a', '2', a.modRevision);
      assert.equal(ok.ok, true);
      assert.equal(ok.kv!.value, '2');
      assert.equal(ok.kv!.createRevision, a.createRevision);
      assert.ok(ok.kv!.modRevision > a.modRevision);
      assert.deepEqual((await b.update('/k/a', '3', a.modRevision)).kv, ok.kv);
      assert.deepEqual(await b.update('/k/nope', '1', 1), { ok: false });
    });

    it('delete honours the expected revision, 0 deletes unconditionally', async () => {
      const a = await b.create('/k/a', 'A');
      const wrong = await b.delete('/k/a', a.modRevision + 100);
      assert.deepEqual(wrong, { ok: false, kv: a });
      const del = await b.delete('/k/a', a.modRevision);
      assert.equal(del.ok, true);
      assert.equal(del.kv!.value, 'A');
      assert.equal(del.kv!.modRevision, b.currentRevision());
      assert.equal((await b.get('/k/a')).kv, undefined);
      assert.deepEqual(await b.delete('/k/a', 0), { ok: false });
      await b.create('/k/b', 'B');
      assert.equal((await b.delete('/k/b', 0)).ok, true);
    });

    it('create after delete starts a new life with a new createRevision', async () => {
      const a = await b.create('/k/a', '1');
      await b.delete('/k/a', 0);
      const again = await b.create('/k/a', '2');
      assert.ok(again.createRevision > a.createRevision);
      assert.equal(again.createRevision, again.modRevision);
      assert.equal((await b.get('/k/a')).kv?.value, '2');
    });

    it('list honours prefix, startAfter, limit and more', async () => {
      for (const k of ['/a/3', '/a/1', '/ab/1', '/a/5', '/a/2', '/a/4', '/b/1']) await b.create(k, k);
      await b.delete('/a/5', 0);
      const keys = (r: { kvs: { key: string }[] }) => r.kvs.map((kv) => kv.key);
      const all = await b.list('/a/');
      assert.deepEqual(keys(all), ['/a/1', '/a/2', '/a/3', '/a/4']);
      assert.equal(all.more, false);
      assert.equal(all.revision, b.currentRevision());
      const p1 = await b.list('/a/', { limit: 2 });
      assert.deepEqual([keys(p1), p1.more], [['/a/1', '/a/2'], true]);
      const p2 = await b.list('/a/', { limit: 2, startAfter: '/a/2' });
      assert.deepEqual([keys(p2), p2.more], [['/a/3', '/a/4'], false]);
      const exact = await b.list('/a/', { limit: 4 });
      assert.equal(exact.more, false);
      assert.deepEqual(keys(await b.list('/a/', { startAfter: '/' })), ['/a/1', '/a/2', '/a/3', '/a/4']);
      assert.deepEqual(keys(await b.list('')), ['/a/1', '/a/2', '/a/3', '/a/4', '/ab/1', '/b/1']);
      assert.deepEqual(keys(await b.list('/c/')), []);
    });

    it('list at an old revision sees old values, not later creates, and deleted keys reappear', async () => {
      const a1 = await b.create('/k/a', '1');
      const a2 = await b.update('/k/a', '2', a1.modRevision);
      const bk = await b.create('/k/b', 'b');
      await b.delete('/k/a', 0);
      const at = async (rev: number) => (await b.list('/k/', { revision: rev })).kvs.map((kv) => `${kv.key}=${kv.value}`);
      assert.deepEqual(await at(a1.modRevision), ['/k/a=1']);
      assert.deepEqual(await at(a2.kv!.modRevision), ['/k/a=2']);
      assert.deepEqual(await at(bk.modRevision), ['/k/a=2', '/k/b=b']);
      assert.deepEqual(await at(0), ['/k/b=b']);
      assert.equal((await b.list('/k/', { revision: a1.modRevision })).revision, a1.modRevision);
      assert.equal((await b.get('/k/a', a1.modRevision)).kv?.value, '1');
    });

    it('reads before the compact revision throw ErrCompacted, after the current one ErrFutureRev', async () => {
      const a = await b.create('/k/a', '1');
      await b.update('/k/a', '2', a.modRevision);
      const cur = b.currentRevision();
      await assert.rejects(b.list('/k/', { revision: cur + 1 }), (e) => isStoreError(e, 'FutureRev'));
      await assert.rejects(b.get('/k/a', cur + 5), (e) => isStoreError(e, 'FutureRev'));
      await b.compact(cur);
      assert.equal(b.compactRevision(), cur);
      await assert.rejects(b.list('/k/', { revision: a.modRevision }), (e) => isStoreError(e, 'Compacted'));
      await assert.rejects(b.get('/k/a', a.modRevision), (e) => isStoreError(e, 'Compacted'));
      assert.throws(() => b.watch('/k/', { afterRevision: a.modRevision, onEvents() {} }), (e) => isStoreError(e, 'Compacted'));
      assert.equal((await b.list('/k/', { revision: cur })).kvs[0]?.value, '2');
      await assert.rejects(b.compact(cur + 10), (e) => isStoreError(e, 'FutureRev'));
    });

    it('count counts live keys under a prefix', async () => {
      for (const k of ['/c/1', '/c/2', '/c/3', '/d/1']) await b.create(k, '{}');
      await b.delete('/c/2', 0);
      assert.deepEqual(await b.count('/c/'), { revision: b.currentRevision(), count: 2 });
      assert.equal((await b.count('')).count, 3);
      assert.equal((await b.count('/x/')).count, 0);
    });

    it('watch from 0 sees only new events', async () => {
      await b.create('/w/old', '0');
      const c = collect(b, '/w/', 0);
      const n = await b.create('/w/new', '1');
      const got = await c.next(1);
      assert.deepEqual(summary(got), ['create /w/new=1']);
      assert.equal(got[0]!.kv.modRevision, n.modRevision);
      assert.equal(got[0]!.prevKv, undefined);
      c.close();
    });

    it('watch from a past revision replays exactly the missed events in order, then continues live', async () => {
      const first = await b.create('/w/a', '1');
      await b.update('/w/a', '2', first.modRevision);
      await b.create('/w/b', '1');
      await b.create('/x/other', '1');
      await b.delete('/w/b', 0);
      const c = collect(b, '/w/', first.modRevision);
      await b.create('/w/c', '1');
      const got = await c.next(4);
      assert.deepEqual(summary(got), ['update /w/a=2', 'create /w/b=1', 'delete /w/b=1', 'create /w/c=1']);
      const r = revs(got);
      assert.deepEqual(r, [...r].sort((x, y) => x - y));
      assert.ok(r[0]! > first.modRevision);
      await settle();
      assert.equal(c.events.length, 4);
      c.close();
    });

    it('watch from the current revision has no gap and no duplicate with writes in flight', async () => {
      const writes = Array.from({ length: 20 }, (_, i) => b.create(`/w/${i}`, String(i)));
      const from = b.currentRevision();
      const c = collect(b, '/w/', from);
      const done = (await Promise.all(writes)).map((kv) => kv.modRevision).filter((r) => r > from).sort((x, y) => x - y);
      const sentinel = await b.create('/w/last', '');
      const got = await c.next(done.length + 1);
      assert.deepEqual(revs(got), [...done, sentinel.modRevision]);
      await settle();
      assert.equal(c.events.length, done.length + 1);
      c.close();
    });

    it('watch filters by prefix', async () => {
      const c = collect(b, '/p/a/', 0);
      await b.create('/p/b/1', 'x');
      await b.create('/p/a', 'x');
      await b.create('/p/a/1', 'y');
      assert.deepEqual(summary(await c.next(1)), ['create /p/a/1=y']);
      await settle();
      assert.equal(c.events.length, 1);
      c.close();
    });

    it('update and delete events carry the previous state; delete carries the last value', async () => {
      const c = collect(b, '/e/', 0);
      const a = await b.create('/e/a', 'v1');
      const u = await b.update('/e/a', 'v2', a.modRevision);
      const d = await b.delete('/e/a', u.kv!.modRevision);
      const [, upd, del] = await c.next(3);
      assert.equal(upd!.type, 'update');
      assert.deepEqual(upd!.prevKv, a);
      assert.equal(del!.type, 'delete');
      assert.deepEqual(del!.kv, { key: '/e/a', createRevision: a.createRevision, modRevision: d.kv!.modRevision, value: 'v2' });
      assert.deepEqual(del!.prevKv, u.kv);
      c.close();
    });

    it('compaction removes history but keeps latest values', async () => {
      const a = await b.create('/m/a', '1');
      await b.update('/m/a', '2', a.modRevision);
      await b.create('/m/gone', 'x');
      await b.delete('/m/gone', 0);
      const keep = await b.create('/m/b', 'b');
      const rev = b.currentRevision();
      await b.compact(rev);
      assert.deepEqual((await b.list('/m/')).kvs.map((kv) => `${kv.key}=${kv.value}`), ['/m/a=2', '/m/b=b']);
      assert.deepEqual((await b.get('/m/b')).kv, keep);
      assert.equal((await b.get('/m/gone')).kv, undefined);
      const again = await b.create('/m/gone', 'y');
      assert.ok(again.modRevision > rev);
      assert.equal((await b.count('/m/')).count, 3);
      const c = collect(b, '/m/', rev);
      await b.update('/m/b', 'b2', keep.modRevision);
      assert.deepEqual(summary(await c.next(2)), ['create /m/gone=y', 'update /m/b=b2']);
      c.close();
      await b.compact(rev - 1); // at or below the compact revision: no-op
      assert.equal(b.compactRevision(), rev);
    });

    it('1000 watchers each receive every event in order', async () => {
      const cs = Array.from({ length: 1000 }, (_, i) => collect(b, i % 2 ? '/f/' : '', 0));
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 50; i++) writes.push(b.create(`/f/${i}`, String(i)));
      await Promise.all(writes);
      const expected = (await b.list('/f/')).kvs.map((kv) => kv.modRevision).sort((x, y) => x - y);
      for (const c of cs) assert.deepEqual(revs(await c.next(50)), expected);
      for (const c of cs) c.close();
    });

    it('concurrent CAS: only one of N updates with the same expected revision wins', async () => {
      const a = await b.create('/cas/a', '0');
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => b.update('/cas/a', String(i + 1), a.modRevision)));
      const winners = results.filter((r) => r.ok);
      assert.equal(winners.length, 1);
      const final = (await b.get('/cas/a')).kv!;
      assert.deepEqual(final, winners[0]!.kv);
      for (const r of results.filter((x) => !x.ok)) assert.equal(r.kv!.modRevision >= a.modRevision, true);
      const creates = await Promise.allSettled(Array.from({ length: 5 }, () => b.create('/cas/new', 'x')));
      assert.equal(creates.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of creates) if (r.status === 'rejected') assert.ok(isStoreError(r.reason, 'KeyExists'));
    });

    it('revisions strictly increase across every write', async () => {
      const seen: number[] = [];
      const a = await b.create('/r/a', '1');
      seen.push(a.modRevision);
      const u = await b.update('/r/a', '2', a.modRevision);
      seen.push(u.kv!.modRevision);
      const many = await Promise.all(Array.from({ length: 10 }, (_, i) => b.create(`/r/${i}`, '{}')));
      seen.push(...many.map((kv) => kv.modRevision));
      seen.push((await b.delete('/r/a', 0)).kv!.modRevision);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! > seen[i - 1]!, `revision ${seen[i]} after ${seen[i - 1]}`);
      assert.equal(b.currentRevision(), seen[seen.length - 1]);
    });

    it('operations after close are refused', async () => {
      await b.close();
      await assert.rejects(b.create('/z', '1'), (e) => isStoreError(e, 'Closed'));
    });
  });
}
