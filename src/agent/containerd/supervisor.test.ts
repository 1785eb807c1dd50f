import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../machinery/clock.js';
import { nextBackoff, Supervisor, type ExitInfo, type Instance, type SupervisorEvent } from './supervisor.js';

class FakeInstance implements Instance {
  signals: string[] = [];
  private resolve!: (e: ExitInfo) => void;
  readonly exited = new Promise<ExitInfo>((r) => { this.resolve = r; });
  constructor(readonly pid: number, private readonly ignoreTerm = false) {}
  kill(signal: NodeJS.Signals): void {
    this.signals.push(signal);
    if (signal === 'SIGKILL' || !this.ignoreTerm) this.die(null, signal);
  }
  die(code: number | null, signal: string | null = null): void { this.resolve({ code, signal }); }
}

const tick = () => new Promise((r) => setImmediate(r));

function setup(opts: { failStarts?: number; ignoreTerm?: boolean } = {}) {
  const clock = new FakeClock(0);
  const events: SupervisorEvent[] = [];
  const instances: FakeInstance[] = [];
  let failures = opts.failStarts ?? 0;
  const sup = new Supervisor({
    clock,
    onEvent: (e) => events.push(e),
    start: async () => {
      if (instances.length > 0 && failures-- > 0) throw new Error('boom');
      const i = new FakeInstance(100 + instances.length, opts.ignoreTerm);
      instances.push(i);
      return i;
    },
  });
  return { clock, events, instances, sup };
}

test('nextBackoff doubles up to the maximum and resets after a long run', () => {
  assert.equal(nextBackoff(undefined, 0), 1000);
  assert.equal(nextBackoff(1000, 5), 2000);
  assert.equal(nextBackoff(16_000, 5), 30_000);
  assert.equal(nextBackoff(30_000, 5), 30_000);
  assert.equal(nextBackoff(30_000, 60_000), 1000);
});

test('Supervisor restarts an instance that dies, after the back-off', async () => {
  const { clock, events, instances, sup } = setup();
  await sup.start();
  instances[0]!.die(2);
  await tick();
  assert.deepEqual(events.slice(1), [{ type: 'exited', pid: 100, code: 2, signal: null }, { type: 'restarting', delayMs: 1000 }]);
  clock.advance(999);
  await tick();
  assert.equal(instances.length, 1);
  clock.advance(1);
  await tick();
  assert.equal(instances.length, 2);
  assert.equal(sup.instance(), instances[1]);
  assert.equal(sup.restarts(), 1);
  instances[1]!.die(1);
  await tick();
  assert.deepEqual(events.at(-1), { type: 'restarting', delayMs: 2000 });
});

test('Supervisor retries failed restarts with growing delays', async () => {
  const { clock, events, instances, sup } = setup({ failStarts: 2 });
  await sup.start();
  instances[0]!.die(null, 'SIGKILL');
  await tick();
  clock.advance(1000); await tick(); await tick();
  clock.advance(2000); await tick(); await tick();
  clock.advance(4000); await tick(); await tick();
  assert.deepEqual(events.filter((e) => e.type === 'restarting' || e.type === 'startFailed').map((e) => e.type === 'restarting' ? e.delayMs : e.type),
    [1000, 'startFailed', 2000, 'startFailed', 4000]);
  assert.equal(instances.length, 2);
  assert.equal(sup.instance(), instances[1]);
});

test('Supervisor.stop TERMs, KILLs after the grace period, and does not restart', async () => {
  const { clock, events, instances, sup } = setup({ ignoreTerm: true });
  await sup.start();
  const stopped = sup.stop(5000);
  await tick();
  assert.deepEqual(instances[0]!.signals, ['SIGTERM']);
  clock.advance(5000);
  await stopped;
  assert.deepEqual(instances[0]!.signals, ['SIGTERM', 'SIGKILL']);
  clock.advance(60_000);
  await tick();
  assert.equal(instances.length, 1);
  assert.deepEqual(events.slice(-2), [{ type: 'stopping', pid: 100 }, { type: 'stopped' }]);
});

test('Supervisor.stop during a back-off cancels the pending restart', async () => {
  const { clock, instances, sup } = setup();
  await sup.start();
  instances[0]!.die(1);
  await tick();
  await sup.stop();
  clock.advance(10_000);
  await tick();
  assert.equal(instances.length, 1);
});
