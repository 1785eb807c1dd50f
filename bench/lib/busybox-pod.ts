// The pod B2 and B8 start on a real node: one busybox container that sleeps (image present, IfNotPresent, no
// probes, so Ready follows the container start), and the predicates a watch uses to time it.
import type { WatchedObject } from './objwatch.js';
import { BUSYBOX } from './test-images.js';

export function busyboxPod(name: string, labels: Record<string, string> = {}): object {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels },
    spec: {
      containers: [{ name: 'main', image: BUSYBOX, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'sleep 3600'] }],
      terminationGracePeriodSeconds: 1,
      restartPolicy: 'Always',
    },
  };
}

interface PodStatusView {
  phase?: string;
  conditions?: { type: string; status: string }[];
  containerStatuses?: { state?: { running?: { startedAt?: string } } }[];
}

export function isScheduled(o: WatchedObject): boolean {
  return !!(o.spec as { nodeName?: string } | undefined)?.nodeName;
}

/** Phase Running, every container running, and the Ready condition True. */
export function isRunningAndReady(o: WatchedObject): boolean {
  const s = o.status as PodStatusView | undefined;
  if (s?.phase !== 'Running') return false;
  const cs = s.containerStatuses ?? [];
  return cs.length > 0 && cs.every((c) => !!c.state?.running) && (s.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * The moment an event was recorded, in epoch ms: Skiff's EventRecorder names events `<object>.<hex(ms * 1e6 + seq)>`
 * (src/client/events.ts), which keeps the millisecond its timestamps (whole seconds, as Kubernetes') drop.
 * Undefined when the name does not carry a plausible time.
 */
export function eventTimeMs(name: string, nowMs = Date.now()): number | undefined {
  const hex = name.slice(name.lastIndexOf('.') + 1);
  if (!/^[0-9a-f]{10,}$/.test(hex)) return undefined;
  const ms = Number(BigInt(`0x${hex}`) / 1_000_000n);
  return Math.abs(ms - nowMs) < 86_400_000 ? ms : undefined;
}
