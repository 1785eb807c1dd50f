// A PodSyncer wired to FakeRuntime + FakeTransport + FakeClock and real volume directories under a temp dir, for
// this folder's tests (and the integrator's): `h.flush()` runs everything that is ready without wall-clock sleeps.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../machinery/clock.js';
import { Client } from '../../client/rest.js';
import { EventRecorder } from '../../client/events.js';
import { resources } from '../../client/resources.js';
import { FakeTransport } from '../../client/testing/fake.js';
import { settle } from '../../client/testing/settle.js';
import { VolumeManager } from '../pods/volumes/manager.js';
import type { Mounter } from '../pods/volumes/mounter.js';
import { FakeRuntime, type FakeRuntimeOptions } from '../runtime/fake.js';
import { ClientLookups } from './lookups.js';
import { PodSyncer, type PodSyncerOptions } from './syncer.js';

export const NODE = 'node-1';

/** A mounter that refuses tmpfs (volumes fall back to plain directories) and knows no mount points. */
export const noTmpfsMounter: Mounter = {
  mountTmpfs: async () => { throw new Error('tmpfs not available in tests'); },
  unmount: async () => {},
  mountPointsUnder: async () => [],
};

export interface Harness {
  clock: FakeClock;
  transport: FakeTransport;
  client: Client;
  runtime: FakeRuntime;
  volumes: VolumeManager;
  lookups: ClientLookups;
  recorder: EventRecorder;
  syncer: PodSyncer;
  root: string;
  /** Runs queued syncs, event writes and promise callbacks until nothing is left. */
  flush(): Promise<void>;
  /** Moves the fake clock forward (firing timers), then flushes. */
  advance(ms: number): Promise<void>;
  /** A second syncer on the same runtime and API (an agent restart). */
  restart(): PodSyncer;
  pod(name: string, namespace?: string): Pod | undefined;
  events(): Event[];
  close(): Promise<void>;
}

export async function harness(runtimeOpts: FakeRuntimeOptions = {}, extra: Partial<PodSyncerOptions> = {}): Promise<Harness> {
  const clock = new FakeClock(1_700_000_000_000);
  const transport = new FakeTransport({ clock });
  const client = new Client(transport);
  const runtime = new FakeRuntime({ clock, ...runtimeOpts });
  const root = await mkdtemp(join(tmpdir(), 'skiff-sync-'));
  await writeFile(join(root, 'resolv.conf'), 'nameserver 192.0.2.53\nsearch example.test\n');
  const lookups = new ClientLookups({ client, nodeName: NODE, clock });
  const volumes = new VolumeManager(join(root, 'pods'), lookups, { clock, mounter: noTmpfsMounter, nodeHostsFile: join(root, 'resolv.conf') });
  const recorder = new EventRecorder({ client, component: 'kubelet', host: NODE, clock });
  const make = () => new PodSyncer({
    client, nodeName: NODE, runtime, volumes, lookups, recorder, clock,
    podLogsDir: join(root, 'logs'), resolvConfPath: join(root, 'resolv.conf'),
    dns: { clusterDNS: ['10.43.0.10'], clusterDomain: 'cluster.local' }, nodeIP: '192.0.2.10',
    capabilities: ['CHOWN', 'NET_BIND_SERVICE', 'KILL'], ...extra,
  });
  let syncer = make();
  const h: Harness = {
    clock, transport, client, runtime, volumes, lookups, recorder, root,
    get syncer() { return syncer; },
    async flush() {
      // Until no sync has run or been queued for 20 event-loop turns (bounded: a sync may be waiting on the fake
      // clock, e.g. a pull delay or a sleep hook).
      let quiet = 0;
      for (let i = 0; i < 20_000 && quiet < 20; i++) {
        await settle(1);
        quiet = syncer.isIdle() ? quiet + 1 : 0;
        if (quiet === 10) await recorder.flush();
      }
      await recorder.flush();
    },
    async advance(ms) {
      const step = 100;
      for (let t = 0; t < ms; t += step) {
        clock.advance(Math.min(step, ms - t));
        await h.flush();
      }
    },
    restart() {
      syncer.stop();
      syncer = make();
      return syncer;
    },
    pod: (name, namespace = 'default') => transport.get<Pod>(resources.pods, namespace, name),
    events: () => transport.list<Event>(resources.events).sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!)),
    async close() {
      syncer.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
  return h;
}
