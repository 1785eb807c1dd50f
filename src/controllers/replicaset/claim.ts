// ControllerRefManager.ClaimObject as a pure decision: which objects a controller owns, adopts or releases.
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { controllerOf } from './pod-util.js';

export interface Claim<T> {
  /** Objects the controller owns after the claim (already owned and matching, plus adopted). */
  owned: T[];
  /** Orphans that match the selector: patch in a controller ownerReference. */
  adopt: T[];
  /** Objects owned by the controller that no longer match: remove its ownerReference. */
  release: T[];
}

/**
 * Kubernetes' claim rules: an object controlled by someone else is ignored; one we control is kept while it matches
 * and released when it stops matching (unless we are being deleted); an orphan that matches is adopted unless either
 * side is being deleted or it lives in another namespace.
 */
export function claimObjects<T extends { metadata?: ObjectMeta }>(
  controller: { metadata?: ObjectMeta },
  objects: readonly T[],
  matches: (obj: T) => boolean,
): Claim<T> {
  const out: Claim<T> = { owned: [], adopt: [], release: [] };
  const uid = controller.metadata?.uid;
  const controllerDeleting = !!controller.metadata?.deletionTimestamp;
  const ns = controller.metadata?.namespace ?? '';
  for (const obj of objects) {
    const ref = controllerOf(obj.metadata);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches(obj)) out.owned.push(obj);
      else if (!controllerDeleting) out.release.push(obj);
      continue;
    }
    if (controllerDeleting || !matches(obj)) continue;
    if (obj.metadata?.deletionTimestamp) continue;
    if (ns !== '' && (obj.metadata?.namespace ?? '') !== ns) continue;
    out.adopt.push(obj);
    out.owned.push(obj);
  }
  return out;
}
