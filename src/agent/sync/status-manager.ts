// Pod status writes (the kubelet's status/status_manager.go, reduced): a status is sent only when it differs from
// the last one sent (or, after a restart, from the server's copy), as a merge patch of `status` carrying the pod's
// uid so that a re-created pod of the same name is never written to; the final DELETE (grace 0, uid precondition)
// once a deleted pod's containers are gone.
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { isApiError } from '../../machinery/errors.js';
import type { Logger } from '../../machinery/log.js';
import type { Client } from '../../client/rest.js';
import { resources } from '../../client/resources.js';

/** JSON with sorted keys, for comparing statuses regardless of key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export class StatusManager {
  private readonly sent = new Map<string, string>();

  constructor(private readonly client: Client, private readonly log: Logger) {}

  /** Patches pods/status when `status` is new; returns whether a write happened. */
  async update(pod: Pod, status: PodStatus): Promise<boolean> {
    const uid = pod.metadata?.uid ?? '';
    const next = canonicalJson(status);
    if (this.sent.get(uid) === next) return false;
    if (!this.sent.has(uid) && canonicalJson(pod.status ?? {}) === next) {
      this.sent.set(uid, next);
      return false;
    }
    try {
      await this.client.resource(resources.pods).patch(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', 'merge',
        { metadata: { uid }, status }, { subresource: 'status' });
      this.sent.set(uid, next);
      return true;
    } catch (e) {
      if (isApiError(e) && (e.code === 404 || e.code === 409)) {
        this.log.debug('Pod status not written: pod gone or replaced', { pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, code: e.code });
        return false;
      }
      throw e;
    }
  }

  /** Removes the pod object for good (its containers are gone); a missing or replaced pod is success. */
  async deletePod(pod: Pod): Promise<void> {
    try {
      await this.client.resource(resources.pods).delete(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', {
        gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid ?? '' },
      });
    } catch (e) {
      if (!(isApiError(e) && (e.code === 404 || e.code === 409))) throw e;
    }
  }

  forget(uid: string): void {
    this.sent.delete(uid);
  }
}
