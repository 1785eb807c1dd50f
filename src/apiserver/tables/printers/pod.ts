// Pods: READY, STATUS (Init:x/y, CrashLoopBackOff, Completed, Terminating, ...), RESTARTS `2 (5m ago)`, AGE, and the
// wide IP/NODE/NOMINATED NODE/READINESS GATES, computed the way kubernetes printers.go printPod does.
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../../api/types.js';
import { humanDuration } from '../../../machinery/duration.js';
import { doc } from '../docs.js';
import { age } from '../cells.js';
import { AGE_COLUMN, NAME_COLUMN, col, type Cell, type Printer, type TableRowCondition } from '../types.js';

const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

function lastTerminated(cs: ContainerStatus): number | undefined {
  const t = cs.lastState?.terminated?.finishedAt;
  return t ? Date.parse(t) : undefined;
}

/** READY, STATUS and RESTARTS of a pod at `now`. */
export function podStatusCells(pod: Pod, now: number): { ready: string; reason: string; restarts: string } {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  const phase = status.phase ?? '';
  let reason: string = status.reason || phase;
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = spec.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestart = 0;
  let lastRestartableInitRestart = 0;

  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initSpecs = new Map((spec.initContainers ?? []).map((c) => [c.name, c]));
  const restartable = (n: string) => initSpecs.get(n)?.restartPolicy === 'Always';
  for (const c of spec.initContainers ?? []) if (c.restartPolicy === 'Always') totalContainers++;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    const lt = lastTerminated(c);
    if (lt !== undefined && lt > lastRestart) lastRestart = lt;
    if (restartable(c.name)) {
      restartableInitRestarts += c.restartCount ?? 0;
      if (lt !== undefined && lt > lastRestartableInitRestart) lastRestartableInitRestart = lt;
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable(c.name) && c.started === true) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = `Init:${term.reason}`;
    } else if (wait && wait.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${spec.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      const lt = lastTerminated(c);
      if (lt !== undefined && lt > lastRestart) lastRestart = lt;
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait && wait.reason) reason = wait.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) { hasRunning = true; readyContainers++; }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') reason = 'Terminating';

  const restartsStr = restarts !== 0 && lastRestart !== 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${totalContainers}`, reason, restarts: restartsStr };
}

export const podPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    col('IP', 'string', doc('core.PodStatus.podIP'), { priority: 1 }),
    col('Node', 'string', doc('core.PodSpec.nodeName'), { priority: 1 }),
    col('Nominated Node', 'string', doc('core.PodStatus.nominatedNodeName'), { priority: 1 }),
    col('Readiness Gates', 'string', doc('core.PodSpec.readinessGates'), { priority: 1 }),
  ],
  cells(obj: KObject, now: number): Cell[] {
    const pod = obj as Pod;
    const { ready, reason, restarts } = podStatusCells(pod, now);
    const ip = pod.status?.podIPs?.[0]?.ip || '<none>';
    let gates = '<none>';
    const rg = pod.spec?.readinessGates ?? [];
    if (rg.length > 0) {
      let trueCount = 0;
      for (const g of rg) {
        const c = (pod.status?.conditions ?? []).find((x) => x.type === g.conditionType);
        if (c?.status === 'True') trueCount++;
      }
      gates = `${trueCount}/${rg.length}`;
    }
    return [pod.metadata?.name ?? '', ready, reason, restarts, age(obj, now), ip, pod.spec?.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', gates];
  },
  conditions(obj: KObject): TableRowCondition[] | undefined {
    const phase = (obj as Pod).status?.phase;
    if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};

