// The one controller shape (STYLE.md): a Reconciler names what it watches and reconciles a key, level-triggered.
import type { KObject, OwnerReference } from '../../api/types.js';
import type { Logger } from '../../machinery/log.js';
import type { Informer } from '../../client/informer.js';
import type { EventRecorder } from '../../client/events.js';
import type { ObjectKey } from '../../client/cache.js';
import type { Expectations } from './expectations.js';

export type { ObjectKey };

export interface Result {
  /** Reconcile this key again after this many ms (the queue's addAfter). */
  requeueAfterMs?: number;
}

export const done = (): Result => ({});
export const requeueAfter = (ms: number): Result => ({ requeueAfterMs: ms });

/** Thrown by reconcile() to stop retrying the key: logged and counted, not requeued. */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

export interface ReconcileContext {
  /** Carries `controller` and `key`. */
  logger: Logger;
  /** This controller's expectations (keys are the reconciled keys). */
  expectations: Expectations;
  recorder?: EventRecorder;
  /** How many times this key has failed in a row (0 on a first try). */
  retries: number;
}

/** An informer plus how its objects map to the keys a controller reconciles. */
export interface WatchSpec {
  informer: Informer<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  toKeys(obj: KObject): ObjectKey[];
  /** Adds call expectations.creationObserved(key) and deletes deletionObserved(key) for each mapped key. */
  observeExpectations?: boolean;
  /** When set, an update enqueues keys only if this says the change matters (adds and deletes always do). */
  updateMatters?(oldObj: KObject, newObj: KObject): boolean;
}

export interface Reconciler {
  readonly name: string;
  watches(): WatchSpec[];
  reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<Result>;
}

export function objectKey(obj: KObject): ObjectKey {
  return { namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '' };
}

/** `ns/name`, or `name` for cluster-scoped keys. */
export function keyString(k: ObjectKey): string {
  return k.namespace ? `${k.namespace}/${k.name}` : k.name;
}

export function parseKey(s: string): ObjectKey {
  const i = s.indexOf('/');
  return i < 0 ? { namespace: '', name: s } : { namespace: s.slice(0, i), name: s.slice(i + 1) };
}

/** Reconcile the object itself. */
export function forObject(informer: Informer<any>): WatchSpec { // eslint-disable-line @typescript-eslint/no-explicit-any
  return { informer, toKeys: (o) => [objectKey(o)] };
}

/** The controller ownerReference of `obj` (the one with controller: true), if any. */
export function controllerRef(obj: KObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/**
 * Reconcile the owner: maps an owned object to the key of its controller ownerReference when that owner is of
 * `ownerKind` (and, if given, `ownerGroup`: '' for core). Owners live in the owned object's namespace. Adds and
 * deletes of owned objects are counted against the owner's expectations (as client-go's ReplicaSet controller does).
 */
export function forOwner(informer: Informer<any>, ownerKind: string, ownerGroup?: string): WatchSpec { // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    informer,
    observeExpectations: true,
    toKeys: (o) => {
      const ref = controllerRef(o);
      if (!ref || ref.kind !== ownerKind) return [];
      if (ownerGroup !== undefined && (ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '') !== ownerGroup) return [];
      return [{ namespace: o.metadata?.namespace ?? '', name: ref.name }];
    },
  };
}

/** Reconcile whatever keys `fn` maps an object to (e.g. a pod to its node); `updateMatters` filters updates. */
export function forMapped(informer: Informer<any>, fn: (obj: KObject) => ObjectKey[], updateMatters?: (a: KObject, b: KObject) => boolean): WatchSpec { // eslint-disable-line @typescript-eslint/no-explicit-any
  return updateMatters ? { informer, toKeys: fn, updateMatters } : { informer, toKeys: fn };
}
