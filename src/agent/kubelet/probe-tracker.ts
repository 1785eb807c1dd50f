// One probe (liveness, readiness or startup) of one container, with the kubelet prober worker's rules and an
// injected clock: results start at Success (liveness), Failure (readiness), Unknown (startup); nothing runs before
// initialDelaySeconds; a result only changes after successThreshold / failureThreshold equal outcomes in a row;
// after a liveness or startup failure the probe holds until a new container instance appears; liveness and
// readiness wait for the startup probe; the startup probe stops once it succeeded.
import type { Probe } from 'kubernetes-types/core/v1.js';
import type { ContainerState, ProbeKind, ProbeResult, ProbeResults } from './types.js';

export interface CompiledProbe {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** Probe fields with the API defaults (period 10 s, timeout 1 s, thresholds 1 and 3); startup/liveness need success 1. */
export function compileProbe(p: Probe, kind: ProbeKind): CompiledProbe {
  return {
    initialDelayMs: (p.initialDelaySeconds ?? 0) * 1000,
    periodMs: Math.max(1, p.periodSeconds ?? 10) * 1000,
    timeoutMs: Math.max(1, p.timeoutSeconds ?? 1) * 1000,
    successThreshold: kind === 'readiness' ? Math.max(1, p.successThreshold ?? 1) : 1,
    failureThreshold: Math.max(1, p.failureThreshold ?? 3),
  };
}

const INITIAL: Record<ProbeKind, ProbeResult> = { liveness: 'Success', readiness: 'Failure', startup: 'Unknown' };

export class ProbeTracker {
  readonly spec: CompiledProbe;
  private containerId: string | undefined;
  private startedAt = 0;
  private running = false;
  private current: ProbeResult | undefined;
  private lastOutcome: ProbeResult | undefined;
  private run = 0;
  private onHold = false;
  private lastProbeAt: number | undefined;

  constructor(readonly kind: ProbeKind, probe: Probe) {
    this.spec = compileProbe(probe, kind);
  }

  /** Follow the container's newest instance; a new id resets the result to the initial value. */
  observe(c: Pick<ContainerState, 'id' | 'state' | 'startedAt'> | undefined): void {
    if (!c) return;
    if (c.id !== this.containerId) {
      this.containerId = c.id;
      this.current = INITIAL[this.kind];
      this.lastOutcome = undefined;
      this.run = 0;
      this.onHold = false;
      this.lastProbeAt = undefined;
    }
    this.running = c.state === 'RUNNING';
    this.startedAt = c.startedAt ?? 0;
    if (!this.running) this.current = 'Failure';
  }

  /**
   * Whether to run the probe now. `started`: the container passed its startup probe (or has none); liveness and
   * readiness wait for it, the startup probe stops after it.
   */
  due(now: number, started = true): boolean {
    if (!this.containerId || !this.running || this.onHold) return false;
    if (this.kind === 'startup' ? started : !started) return false;
    if (now - this.startedAt < this.spec.initialDelayMs) return false;
    return this.lastProbeAt === undefined || now - this.lastProbeAt >= this.spec.periodMs;
  }

  /** When the probe is next due (for timers); undefined when it will not run for this instance. */
  nextDueAt(): number | undefined {
    if (!this.containerId || !this.running || this.onHold) return undefined;
    const first = this.startedAt + this.spec.initialDelayMs;
    return this.lastProbeAt === undefined ? first : Math.max(first, this.lastProbeAt + this.spec.periodMs);
  }

  /** Record one outcome. 'Unknown' (the probe could not run) changes nothing but the schedule. */
  record(outcome: ProbeResult, now: number): void {
    this.lastProbeAt = now;
    if (outcome === 'Unknown') return;
    if (outcome === this.lastOutcome) this.run++;
    else { this.lastOutcome = outcome; this.run = 1; }
    if (outcome === 'Failure' && this.run < this.spec.failureThreshold) return;
    if (outcome === 'Success' && this.run < this.spec.successThreshold) return;
    this.current = outcome;
    if ((this.kind === 'liveness' || this.kind === 'startup') && outcome === 'Failure') {
      this.onHold = true;
      this.run = 0;
    }
  }

  /** The instance this tracker follows, and its result (undefined before any instance was observed). */
  get id(): string | undefined { return this.containerId; }
  get result(): ProbeResult | undefined { return this.current; }
}

/** ProbeResults over a set of trackers. */
export function trackerResults(trackers: Iterable<ProbeTracker>): ProbeResults {
  const list = [...trackers];
  return { get: (id, kind) => list.find((t) => t.kind === kind && t.id === id)?.result };
}
