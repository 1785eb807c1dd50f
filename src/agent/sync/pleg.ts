// Pod lifecycle event generator by relisting (the kubelet's pleg/generic.go; containerd 1.6 has no event API,
// runtime.md gotcha 1): every period, ListPodSandbox + ListContainers, group by the pod-uid label, and report the
// pods whose sandboxes or containers changed state (appeared, disappeared, started, exited) since the last relist.
import { LABEL_POD_UID } from '../kubelet/cri.js';
import type { Runtime } from '../runtime/runtime.js';

export interface RelistResult {
  /** Pods with any change since the previous relist (all pods on the first relist). */
  changed: Set<string>;
  /** Every pod uid the runtime knows (sandboxes or containers). */
  present: Set<string>;
}

export class Pleg {
  private last = new Map<string, string>();

  constructor(private readonly runtime: Runtime) {}

  async relist(): Promise<RelistResult> {
    const [sandboxes, containers] = await Promise.all([this.runtime.listPodSandbox(), this.runtime.listContainers()]);
    const parts = new Map<string, string[]>();
    const add = (uid: string | undefined, part: string) => {
      if (!uid) return;
      let l = parts.get(uid);
      if (!l) { l = []; parts.set(uid, l); }
      l.push(part);
    };
    for (const s of sandboxes) add(s.labels[LABEL_POD_UID], `s:${s.id}:${s.state}`);
    for (const c of containers) add(c.labels[LABEL_POD_UID], `c:${c.id}:${c.state}`);
    const now = new Map<string, string>();
    for (const [uid, l] of parts) now.set(uid, l.sort().join(','));
    const changed = new Set<string>();
    for (const [uid, fp] of now) if (this.last.get(uid) !== fp) changed.add(uid);
    for (const uid of this.last.keys()) if (!now.has(uid)) changed.add(uid);
    this.last = now;
    return { changed, present: new Set(now.keys()) };
  }
}
