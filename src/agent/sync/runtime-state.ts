// Reads one pod's sandboxes and containers from the runtime (filtered by the pod-uid label) and normalises them with
// podStateFromCri; termination messages are read from the host file behind terminationMessagePath once a container
// has exited (and from the log tail for FallbackToLogsOnError), and cached per container id.
import { open } from 'node:fs/promises';
import { ANNOTATION_TERMINATION_MESSAGE_PATH, LABEL_POD_UID, podStateFromCri } from '../kubelet/cri.js';
import type { PodRuntimeState } from '../kubelet/types.js';
import { isNotFound } from '../runtime/errors.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ContainerStatus, PodSandboxStatus } from '../runtime/types.js';

export const ANNOTATION_TERMINATION_MESSAGE_POLICY = 'io.kubernetes.container.terminationMessagePolicy';
/** The kubelet's limits: 4096 bytes from the file, 80 lines / 2048 bytes from the log. */
const MAX_MESSAGE_BYTES = 4096;
const MAX_LOG_BYTES = 2048;
const MAX_LOG_LINES = 80;

export interface ObservedPod {
  state: PodRuntimeState;
  sandboxes: PodSandboxStatus[];
  containers: ContainerStatus[];
}

async function readTail(path: string, maxBytes: number, fromEnd: boolean): Promise<string> {
  let fh;
  try {
    fh = await open(path, 'r');
    const size = (await fh.stat()).size;
    const len = Math.min(size, maxBytes);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, fromEnd ? size - len : 0);
    return buf.toString('utf8');
  } catch {
    return '';
  } finally {
    await fh?.close();
  }
}

/** The message parts of the last CRI log lines (`<time> <stream> <P|F> <text>`), joined as the container wrote them. */
export function criLogTail(raw: string, maxLines = MAX_LOG_LINES): string {
  const lines = raw.split('\n').filter(Boolean);
  let text = '';
  for (const l of lines) {
    const m = /^\S+ (?:stdout|stderr) ([PF]) ?(.*)$/.exec(l);
    if (!m) continue;
    text += m[2] + (m[1] === 'F' ? '\n' : '');
  }
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out.slice(-maxLines).join('\n') + (out.length ? '\n' : '');
}

export class RuntimeStateReader {
  private readonly messages = new Map<string, string>();

  constructor(private readonly runtime: Runtime) {}

  async read(uid: string): Promise<ObservedPod> {
    const selector = { [LABEL_POD_UID]: uid };
    const [boxes, list] = await Promise.all([
      this.runtime.listPodSandbox({ labelSelector: selector }),
      this.runtime.listContainers({ labelSelector: selector }),
    ]);
    const sandboxes = (await Promise.all(boxes.map((b) => this.runtime.podSandboxStatus(b.id).then((r) => r.status, gone)))).filter(isSome);
    const containers = (await Promise.all(list.map((c) => this.runtime.containerStatus(c.id).then((r) => r.status, gone)))).filter(isSome);
    const messages: Record<string, string> = {};
    for (const c of containers) {
      if (c.state !== 'CONTAINER_EXITED') continue;
      const m = await this.terminationMessage(c);
      if (m) messages[c.id] = m;
    }
    return { state: podStateFromCri(sandboxes, containers, messages), sandboxes, containers };
  }

  /** Drops cached messages of containers that no longer exist. */
  forget(containerIds: Iterable<string>): void {
    for (const id of containerIds) this.messages.delete(id);
  }

  private async terminationMessage(c: ContainerStatus): Promise<string> {
    const cached = this.messages.get(c.id);
    if (cached !== undefined) return cached;
    const path = c.annotations[ANNOTATION_TERMINATION_MESSAGE_PATH];
    const hostPath = path ? c.mounts.find((m) => m.containerPath === path)?.hostPath : undefined;
    let message = hostPath ? await readTail(hostPath, MAX_MESSAGE_BYTES, false) : '';
    if (!message && c.exitCode !== 0 && c.annotations[ANNOTATION_TERMINATION_MESSAGE_POLICY] === 'FallbackToLogsOnError' && c.logPath) {
      message = criLogTail(await readTail(c.logPath, 64 * 1024, true)).slice(-MAX_LOG_BYTES);
    }
    this.messages.set(c.id, message);
    return message;
  }
}

function gone(e: unknown): undefined {
  if (isNotFound(e)) return undefined;
  throw e;
}

function isSome<T>(v: T | undefined): v is T {
  return v !== undefined;
}
