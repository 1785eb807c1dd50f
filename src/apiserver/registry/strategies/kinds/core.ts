// core/v1 kinds other than pods, services, secrets and configmaps.
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { defineStrategy } from '../base.js';
import { defaultPodTemplate, VOLUME_SOURCES } from '../pod/defaults.js';
import { validatePodTemplateSpec } from '../pod/validation.js';
import { arr, child, clone, deepEqual, goStringMap, isObj, setDefault, str, type Obj } from '../util.js';
import { nonNegative, notSupported, validateResourceList, validateLabels, validateResourceRequirements } from '../validation/common.js';
import { isDNS1123Subdomain, isQualifiedName, isValidIP, isValidPortNum, nameIsDNSLabel } from '../validation/names.js';
import { parseQuantity } from '../validation/quantity.js';

function specOf(o: Obj): Obj {
  return isObj(o.spec) ? o.spec : {};
}

const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

export const namespaceStrategy = defineStrategy({
  namespaced: false, statusSubresource: true, nameValidator: nameIsDNSLabel,
  initialStatus: () => ({ phase: 'Active' }),
  defaults: (ns) => {
    const name = str(ns.metadata?.name);
    if (name) child(child(ns, 'metadata'), 'labels')['kubernetes.io/metadata.name'] = name;
  },
  prepareForCreate: (ns) => {
    const spec = child(ns, 'spec');
    const fins = arr(spec.finalizers) as unknown as string[];
    if (!fins.includes('kubernetes')) spec.finalizers = [...fins, 'kubernetes'];
    // generateName namespaces get their label once the name exists.
    const name = str(ns.metadata?.name);
    if (name) child(child(ns, 'metadata'), 'labels')['kubernetes.io/metadata.name'] = name;
  },
  validate: (ns) => {
    const errs: FieldError[] = [];
    for (const f of arr(specOf(ns).finalizers) as unknown as string[]) {
      const msgs = isQualifiedName(str(f));
      for (const m of msgs) errs.push(fieldErr.invalid('spec.finalizers', f, m));
      if (!msgs.length && !str(f).includes('/') && !STANDARD_FINALIZERS.includes(f)) {
        errs.push(fieldErr.invalid('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified'));
      }
    }
    return errs;
  },
  validateStatus: (ns) => {
    const phase = ns.status?.phase;
    if (!ns.metadata?.deletionTimestamp) {
      return phase !== 'Active' ? [fieldErr.invalid('status.Phase', phase ?? '', "may only be 'Active' if `deletionTimestamp` is empty")] : [];
    }
    return phase !== 'Terminating' ? [fieldErr.invalid('status.Phase', phase ?? '', "may only be 'Terminating' if `deletionTimestamp` is not empty")] : [];
  },
  fields: (ns) => ({ 'status.phase': str(ns.status?.phase) }),
});

export const serviceAccountStrategy = defineStrategy({ namespaced: true });

function validateTaints(taints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(taints).forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (!t.key) errs.push(fieldErr.required(`${p}.key`, ''));
    else for (const m of isQualifiedName(str(t.key))) errs.push(fieldErr.invalid(`${p}.key`, t.key, m));
    errs.push(...notSupported(t.effect, `${p}.effect`, ['NoExecute', 'NoSchedule', 'PreferNoSchedule']));
  });
  return errs;
}

const CIDR = /^([0-9.]+|[0-9a-fA-F:.]+)\/(\d{1,3})$/;

export const nodeStrategy = defineStrategy({
  namespaced: false, statusSubresource: true,
  initialStatus: (node) => (isObj(node.status) ? node.status : undefined),
  defaults: (node) => {
    const st = node.status;
    if (isObj(st) && isObj(st.capacity) && !isObj(st.allocatable)) st.allocatable = clone(st.capacity);
  },
  validate: (node) => {
    const spec = specOf(node);
    const errs = validateTaints(spec.taints, 'spec.taints');
    arr(spec.podCIDRs).forEach((c, i) => {
      const v = c as unknown as string; const m = CIDR.exec(v);
      if (!m || !isValidIP(m[1])) errs.push(fieldErr.invalid(`spec.podCIDRs[${i}]`, v, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    });
    return errs;
  },
  validateUpdate: (node, old) => {
    const a = specOf(node); const b = specOf(old);
    const errs: FieldError[] = [];
    if (arr(b.podCIDRs).length > 0 && !deepEqual(a.podCIDRs, b.podCIDRs)) errs.push(fieldErr.forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
    if (b.providerID && a.providerID !== b.providerID) errs.push(fieldErr.forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
    return errs;
  },
  validateStatus: (node) => validateResourceList(node.status?.capacity, 'status.capacity'),
  fields: (node) => ({ 'spec.unschedulable': String(node.spec?.unschedulable === true) }),
});

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function validateAccessModes(modes: unknown, path: string, detail: string): FieldError[] {
  const list = arr(modes) as unknown as string[];
  if (list.length === 0) return [fieldErr.required(path, detail)];
  return list.flatMap((m) => (ACCESS_MODES.includes(m) ? [] : [fieldErr.notSupported(path, m, ACCESS_MODES)]));
}

export const persistentVolumeStrategy = defineStrategy({
  namespaced: false, statusSubresource: true,
  initialStatus: () => ({ phase: 'Pending' }),
  defaults: (pv) => {
    const spec = child(pv, 'spec');
    setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
  },
  validate: (pv) => {
    const spec = specOf(pv);
    const errs = validateAccessModes(spec.accessModes, 'spec.accessModes', '');
    if (!isObj(spec.capacity) || spec.capacity.storage === undefined) errs.push(fieldErr.required('spec.capacity', ''));
    else errs.push(...validateResourceList(spec.capacity, 'spec.capacity'));
    errs.push(...notSupported(spec.persistentVolumeReclaimPolicy, 'spec.persistentVolumeReclaimPolicy', ['Delete', 'Recycle', 'Retain']));
    const sources = [...VOLUME_SOURCES.filter((s) => !['emptyDir', 'secret', 'configMap', 'downwardAPI', 'projected', 'persistentVolumeClaim', 'gitRepo', 'ephemeral', 'image'].includes(s)), 'local'];
    const present = sources.filter((s) => spec[s] != null);
    if (present.length === 0) errs.push(fieldErr.required('spec', 'must specify a volume type'));
    for (const extra of present.slice(1)) errs.push(fieldErr.forbidden(`spec.${extra}`, 'may not specify more than 1 volume type'));
    errs.push(...notSupported(spec.volumeMode, 'spec.volumeMode', ['Block', 'Filesystem'], false));
    return errs;
  },
  validateUpdate: (pv, old) => (deepEqual(specOf(pv).volumeMode, specOf(old).volumeMode) ? [] : [fieldErr.invalid('spec.volumeMode', specOf(pv).volumeMode, 'field is immutable')]),
});

const PVC_IMMUTABLE = 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';

export const persistentVolumeClaimStrategy = defineStrategy({
  namespaced: true, statusSubresource: true,
  initialStatus: () => ({ phase: 'Pending' }),
  defaults: (pvc) => setDefault(child(pvc, 'spec'), 'volumeMode', 'Filesystem'),
  validate: (pvc) => {
    const spec = specOf(pvc);
    const errs = validateAccessModes(spec.accessModes, 'spec.accessModes', 'at least 1 access mode is required');
    const req = spec.resources?.requests;
    if (!isObj(req) || req.storage === undefined) errs.push(fieldErr.required('spec.resources[storage]', ''));
    else {
      errs.push(...validateResourceRequirements(spec.resources, 'spec.resources'));
      if ((parseQuantity(req.storage) ?? 0) <= 0) errs.push(fieldErr.invalid('spec.resources[storage]', req.storage, 'must be greater than zero'));
    }
    errs.push(...notSupported(spec.volumeMode, 'spec.volumeMode', ['Block', 'Filesystem'], false));
    return errs;
  },
  validateUpdate: (pvc, old) => {
    const a = clone(specOf(pvc)); const b = clone(specOf(old));
    const errs: FieldError[] = [];
    if (!b.volumeName) { delete a.volumeName; delete b.volumeName; }
    if (old.status?.phase === 'Bound') {
      const na = parseQuantity(a.resources?.requests?.storage); const nb = parseQuantity(b.resources?.requests?.storage);
      if (na !== undefined && nb !== undefined && na < nb) errs.push(fieldErr.forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
      for (const s of [a, b]) { if (isObj(s.resources?.requests)) delete s.resources.requests.storage; delete s.volumeAttributesClassName; }
    }
    if (!deepEqual(a, b)) errs.push(fieldErr.forbidden('spec', PVC_IMMUTABLE));
    return errs;
  },
});

export const endpointsStrategy = defineStrategy({
  namespaced: true,
  defaults: (ep) => { for (const ss of arr(ep.subsets)) for (const p of arr(ss.ports)) setDefault(p, 'protocol', 'TCP'); },
  validate: (ep) => {
    const errs: FieldError[] = [];
    arr(ep.subsets).forEach((ss, i) => {
      const p = `subsets[${i}]`;
      for (const kind of ['addresses', 'notReadyAddresses']) {
        arr(ss[kind]).forEach((a, j) => { if (!isValidIP(str(a.ip))) errs.push(fieldErr.invalid(`${p}.${kind}[${j}].ip`, a.ip ?? '', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')); });
      }
      arr(ss.ports).forEach((pt, j) => {
        for (const m of isValidPortNum(Number(pt.port))) errs.push(fieldErr.invalid(`${p}.ports[${j}].port`, pt.port ?? 0, m));
        errs.push(...notSupported(pt.protocol, `${p}.ports[${j}].protocol`, ['SCTP', 'TCP', 'UDP']));
      });
    });
    return errs;
  },
});

export const limitRangeStrategy = defineStrategy({
  namespaced: true,
  defaults: (lr) => {
    for (const item of arr(lr.spec?.limits)) {
      if (item.type !== 'Container') continue;
      const def = child(item, 'default'); const defReq = child(item, 'defaultRequest');
      for (const [k, v] of Object.entries(isObj(item.max) ? item.max : {})) if (def[k] === undefined) def[k] = v;
      for (const [k, v] of Object.entries(def)) if (defReq[k] === undefined) defReq[k] = v;
      for (const [k, v] of Object.entries(isObj(item.min) ? item.min : {})) if (defReq[k] === undefined) defReq[k] = v;
    }
  },
  validate: (lr) => {
    const errs: FieldError[] = [];
    arr(lr.spec?.limits).forEach((item, i) => {
      errs.push(...notSupported(item.type, `spec.limits[${i}].type`, ['Container', 'Pod', 'PersistentVolumeClaim']));
      for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) errs.push(...validateResourceList(item[f], `spec.limits[${i}].${f}`));
    });
    return errs;
  },
});

export const resourceQuotaStrategy = defineStrategy({
  namespaced: true, statusSubresource: true,
  validate: (rq) => validateResourceList(rq.spec?.hard, 'spec.hard'),
  validateStatus: (rq) => [...validateResourceList(rq.status?.hard, 'status.hard'), ...validateResourceList(rq.status?.used, 'status.used')],
});

export const replicationControllerStrategy = defineStrategy({
  namespaced: true, statusSubresource: true, tracksGeneration: true,
  defaults: (rc) => {
    const spec = child(rc, 'spec');
    const labels = spec.template?.metadata?.labels;
    if (isObj(labels)) {
      if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = clone(labels);
      const meta = child(rc, 'metadata');
      if (!isObj(meta.labels) || Object.keys(meta.labels).length === 0) meta.labels = clone(labels);
    }
    if (spec.replicas == null) spec.replicas = 1;
    defaultPodTemplate(spec.template);
  },
  validate: (rc) => {
    const spec = specOf(rc);
    const errs = nonNegative(spec.replicas, 'spec.replicas');
    errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
    const sel = isObj(spec.selector) ? spec.selector : {};
    if (Object.keys(sel).length === 0) errs.push(fieldErr.required('spec.selector', ''));
    else errs.push(...validateLabels(sel, 'spec.selector'));
    if (!isObj(spec.template)) errs.push(fieldErr.required('spec.template', ''));
    else {
      const labels = isObj(spec.template.metadata?.labels) ? spec.template.metadata.labels : {};
      if (Object.keys(sel).length && !Object.entries(sel).every(([k, v]) => labels[k] === v)) {
        errs.push(fieldErr.invalid('spec.template.metadata.labels', goStringMap(spec.template.metadata?.labels), '`selector` does not match template `labels`'));
      }
      errs.push(...validatePodTemplateSpec(spec.template, 'spec.template', { restartPolicies: ['Always'] }));
    }
    return errs;
  },
  fields: (rc) => ({ 'status.replicas': String(rc.status?.replicas ?? 0) }),
});

export const podTemplateStrategy = defineStrategy({
  namespaced: true,
  defaults: (pt) => defaultPodTemplate(pt.template),
  validate: (pt) => validatePodTemplateSpec(pt.template, 'template'),
});

/** core/v1 Event field selectors (pkg/registry/core/event ToSelectableFields). */
function coreEventFields(ev: Obj): Record<string, string> {
  const io = isObj(ev.involvedObject) ? ev.involvedObject : {};
  const source = str(ev.source?.component) || str(ev.reportingComponent);
  return {
    'involvedObject.kind': str(io.kind), 'involvedObject.namespace': str(io.namespace), 'involvedObject.name': str(io.name),
    'involvedObject.uid': str(io.uid), 'involvedObject.apiVersion': str(io.apiVersion),
    'involvedObject.resourceVersion': str(io.resourceVersion), 'involvedObject.fieldPath': str(io.fieldPath),
    reason: str(ev.reason), reportingComponent: str(ev.reportingComponent), source, type: str(ev.type),
  };
}

/** events.k8s.io/v1 Events are the same objects with renamed fields; the selectors keep the core names. */
function eventsV1Fields(ev: Obj): Record<string, string> {
  const io = isObj(ev.regarding) ? ev.regarding : {};
  return coreEventFields({
    involvedObject: io, reason: ev.reason, type: ev.type, reportingComponent: ev.reportingController,
    source: { component: str(ev.deprecatedSource?.component) || str(ev.reportingController) },
  });
}

function validateEventNamespace(ev: Obj, ref: Obj | undefined, path: string): FieldError[] {
  const ns = str(ev.metadata?.namespace);
  if (isObj(ref) && ref.namespace && ns && ref.namespace !== ns) return [fieldErr.invalid(`${path}.namespace`, ref.namespace, 'does not match event.namespace')];
  return [];
}

export const eventStrategy = defineStrategy({
  namespaced: true,
  validate: (ev) => [
    ...validateEventNamespace(ev, ev.involvedObject, 'involvedObject'),
    ...(ev.type ? notSupported(ev.type, 'type', ['Normal', 'Warning']) : []),
  ],
  fields: coreEventFields,
});

export const eventsV1Strategy = defineStrategy({
  namespaced: true,
  validate: (ev) => {
    const errs = validateEventNamespace(ev, ev.regarding, 'regarding');
    if (!ev.eventTime) errs.push(fieldErr.required('eventTime', ''));
    if (!ev.reportingController) errs.push(fieldErr.required('reportingController', ''));
    else for (const m of isQualifiedName(str(ev.reportingController))) errs.push(fieldErr.invalid('reportingController', ev.reportingController, m));
    if (!ev.reportingInstance) errs.push(fieldErr.required('reportingInstance', ''));
    if (!ev.action) errs.push(fieldErr.required('action', ''));
    if (!ev.reason) errs.push(fieldErr.required('reason', ''));
    errs.push(...notSupported(ev.type, 'type', ['Normal', 'Warning']));
    if (str(ev.note).length > 1024) errs.push(fieldErr.tooLong('note', '', 1024));
    return errs;
  },
  fields: eventsV1Fields,
});

/** Node names referenced elsewhere use the subdomain rule too. */
export function nodeNameErrors(name: string, path: string): FieldError[] {
  return isDNS1123Subdomain(name).map((m) => fieldErr.invalid(path, name, m));
}
