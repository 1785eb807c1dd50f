// Probe workers for the pods of this node (the kubelet's prober manager): one ProbeTracker per container × kind,
// following the container's newest instance; `runDue` runs what is due (exec through CRI ExecSync, httpGet and
// tcpSocket to the pod IP), records outcomes, reports `Unhealthy` events, and says whether any result changed
// (then the pod is synced: a liveness failure restarts the container, readiness changes the status).
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../machinery/clock.js';
import { isRestartableInitContainer, latestStatus } from '../kubelet/podutil.js';
import { ProbeTracker, trackerResults } from '../kubelet/probe-tracker.js';
import { runProbe } from '../kubelet/probe-run.js';
import type { PodRuntimeState, ProbeKind, ProbeResults } from '../kubelet/types.js';
import type { Runtime } from '../runtime/runtime.js';
import type { PodEventSink } from './image-puller.js';

const KINDS: ProbeKind[] = ['startup', 'liveness', 'readiness'];
const LABEL: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

function probeOf(c: Container, kind: ProbeKind): Probe | undefined {
  return kind === 'liveness' ? c.livenessProbe : kind === 'readiness' ? c.readinessProbe : c.startupProbe;
}

interface Entry { tracker: ProbeTracker; container: Container; probe: Probe }

export class PodProbes {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly runtime: Runtime, private readonly clock: Clock) {}

  /** Follows the pod's spec and newest container instances. */
  observe(pod: Pod, state: PodRuntimeState): void {
    const containers = [...(pod.spec?.initContainers ?? []).filter(isRestartableInitContainer), ...(pod.spec?.containers ?? [])];
    const wanted = new Set<string>();
    for (const c of containers) {
      for (const kind of KINDS) {
        const probe = probeOf(c, kind);
        if (!probe) continue;
        const key = `${c.name}/${kind}`;
        wanted.add(key);
        let e = this.entries.get(key);
        if (!e || JSON.stringify(e.probe) !== JSON.stringify(probe)) {
          e = { tracker: new ProbeTracker(kind, probe), container: c, probe };
          this.entries.set(key, e);
        }
        e.container = c;
        e.tracker.observe(latestStatus(state, c.name));
      }
    }
    for (const k of [...this.entries.keys()]) if (!wanted.has(k)) this.entries.delete(k);
  }

  results(): ProbeResults {
    return trackerResults([...this.entries.values()].map((e) => e.tracker));
  }

  /** The earliest time a probe is due, if any. */
  nextDueAt(): number | undefined {
    let min: number | undefined;
    for (const e of this.entries.values()) {
      const at = e.tracker.nextDueAt();
      if (at !== undefined && (min === undefined || at < min)) min = at;
    }
    return min;
  }

  private started(name: string): boolean {
    const s = this.entries.get(`${name}/startup`);
    return !s || s.tracker.result === 'Success';
  }

  /** Runs every due probe once; resolves to true when a result changed. */
  async runDue(pod: Pod, podIP: string, event: PodEventSink): Promise<boolean> {
    let changed = false;
    for (const e of [...this.entries.values()]) {
      const t = e.tracker;
      if (!t.due(this.clock.now(), this.started(e.container.name))) continue;
      const id = t.id!;
      const outcome = await runProbe(e.probe, {
        podIP, container: e.container,
        exec: async (cmd, timeoutMs) => {
          const r = await this.runtime.execSync(id, cmd, Math.ceil(timeoutMs / 1000));
          return { exitCode: r.exitCode, output: Buffer.concat([r.stdout, r.stderr]).toString('utf8') };
        },
      });
      if (t.id !== id) continue; // a new instance appeared meanwhile
      const before = t.result;
      t.record(outcome.result, this.clock.now());
      if (outcome.result === 'Failure') event('Warning', 'Unhealthy', `${LABEL[t.kind]} probe failed: ${outcome.output}`);
      if (t.result !== before) changed = true;
    }
    return changed;
  }
}
