// DefaultStorageClass and DefaultIngressClass: a new PersistentVolumeClaim or Ingress that names no class gets the
// class annotated as the default. With several defaults the newest wins (ties: the first name), as in Kubernetes 1.30.
import type { AdmissionPlugin } from './index.js';
import type { ApiServer } from '../server.js';
import type { KObject } from '../../api/types.js';
import { isWriteOf } from './forbidden.js';

export const DEFAULT_STORAGE_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** The newest object for which `isDefault` holds; equal creation times go to the lower name. */
export function pickDefault(objs: readonly KObject[], isDefault: (o: KObject) => boolean): KObject | undefined {
  const created = (o: KObject) => Date.parse(o.metadata?.creationTimestamp ?? '') || 0;
  const name = (o: KObject) => o.metadata?.name ?? '';
  return objs.filter(isDefault).sort((a, b) => created(b) - created(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0))[0];
}

function classDefaulter(s: ApiServer, o: {
  name: string; target: [string, string]; classes: [string, string, string];
  hasClass(obj: KObject): boolean; isDefault(c: KObject): boolean; set(obj: KObject, cls: string): void;
}): AdmissionPlugin {
  let started: Promise<void> | undefined;
  return {
    name: o.name,
    async admit(a) {
      if (!isWriteOf(a, ...o.target) || o.hasClass(a.object!)) return;
      const cache = s.cache(...o.classes);
      await (started ??= cache.start());
      const def = pickDefault(cache.list(), o.isDefault);
      if (def) o.set(a.object!, def.metadata!.name!);
    },
  };
}

const annotations = (o: KObject) => o.metadata?.annotations ?? {};

export function defaultStorageClass(s: ApiServer): AdmissionPlugin {
  return classDefaulter(s, {
    name: 'DefaultStorageClass', target: ['', 'persistentvolumeclaims'], classes: ['storage.k8s.io', 'v1', 'storageclasses'],
    // an explicit "" means "no class" and is kept
    hasClass: (pvc) => (pvc.spec as { storageClassName?: string | null } | undefined)?.storageClassName != null || BETA_STORAGE_CLASS_ANNOTATION in annotations(pvc),
    isDefault: (c) => DEFAULT_STORAGE_CLASS_ANNOTATIONS.some((k) => annotations(c)[k] === 'true'),
    set: (pvc, cls) => { ((pvc.spec ??= {}) as { storageClassName?: string }).storageClassName = cls; },
  });
}

export function defaultIngressClass(s: ApiServer): AdmissionPlugin {
  return classDefaulter(s, {
    name: 'DefaultIngressClass', target: ['networking.k8s.io', 'ingresses'], classes: ['networking.k8s.io', 'v1', 'ingressclasses'],
    hasClass: (ing) => (ing.spec as { ingressClassName?: string | null } | undefined)?.ingressClassName != null || INGRESS_CLASS_ANNOTATION in annotations(ing),
    isDefault: (c) => annotations(c)[DEFAULT_INGRESS_CLASS_ANNOTATION] === 'true',
    set: (ing, cls) => { ((ing.spec ??= {}) as { ingressClassName?: string }).ingressClassName = cls; },
  });
}
