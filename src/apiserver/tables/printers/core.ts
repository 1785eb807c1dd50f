// core/v1 kinds (besides pods and replication controllers): columns and cells as printers.go.
import type {
  ConfigMap, Endpoints, Event, Namespace, Node, PersistentVolume, PersistentVolumeClaim, ResourceQuota, Secret, Service, ServiceAccount,
} from 'kubernetes-types/core/v1.js';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1.js';
import { ageSince } from '../../../machinery/duration.js';
import { formatLabels } from '../../../machinery/selectors/labels.js';
import { doc } from '../docs.js';
import { age, name, quantityString } from '../cells.js';
import { AGE_COLUMN, NAME_COLUMN, col, type Cell, type Printer } from '../types.js';

/** Unique, sorted LB ingress IPs/hostnames (loadBalancerStatusStringer, wide: never clipped). */
export function loadBalancerIngress(ingress: { ip?: string; hostname?: string }[] | undefined): string {
  const set = new Set<string>();
  for (const i of ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(',');
}

function serviceExternalIP(svc: Service): string {
  const ext = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP': case 'NodePort':
      return ext.length > 0 ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc.status?.loadBalancer?.ingress);
      if (ext.length > 0) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** PORT(S): `80/TCP`, `80:30080/TCP`, comma separated. */
export function servicePorts(svc: Service): string {
  const s = (svc.spec?.ports ?? []).map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
  return s || '<none>';
}

export const servicePrinter: Printer = {
  columns: [NAME_COLUMN, col('Type', 'string', doc('core.ServiceSpec.type')), col('Cluster-IP', 'string', doc('core.ServiceSpec.clusterIP')),
    col('External-IP', 'string', doc('core.ServiceSpec.externalIPs')), col('Port(s)', 'string', doc('core.ServiceSpec.ports')), AGE_COLUMN,
    col('Selector', 'string', doc('core.ServiceSpec.selector'), { priority: 1 })],
  cells(obj, now) {
    const svc = obj as Service;
    const clusterIP = svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? '<none>';
    return [name(obj), svc.spec?.type ?? '', clusterIP || '<none>', serviceExternalIP(svc), servicePorts(svc), age(obj, now), formatLabels(svc.spec?.selector)];
  },
};

/** formatEndpoints: up to three `ip:port`, then `+ N more...`; `<none>` without subsets. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if (!ss.ports || ss.ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) { if (list.length === max) { more = true; break; } list.push(a.ip); }
      continue;
    }
    for (const port of ss.ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) { more = true; break; }
        list.push(a.ip.includes(':') ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter: Printer = {
  columns: [NAME_COLUMN, col('Endpoints', 'string', doc('core.Endpoints.subsets')), AGE_COLUMN],
  cells: (obj, now) => [name(obj), formatEndpoints(obj as Endpoints), age(obj, now)],
};

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';

/** ROLES: from `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>`, sorted, `<none>` if none. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(NODE_ROLE_PREFIX)) { const r = k.slice(NODE_ROLE_PREFIX.length); if (r) roles.add(r); }
    else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort().join(',') || '<none>';
}

/** STATUS: Ready / NotReady / Unknown, plus `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').pop();
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

export const nodePrinter: Printer = {
  columns: [NAME_COLUMN, col('Status', 'string', 'The status of the node'), col('Roles', 'string', 'The roles of the node'), AGE_COLUMN,
    col('Version', 'string', doc('core.NodeSystemInfo.kubeletVersion')),
    col('Internal-IP', 'string', doc('core.NodeStatus.addresses'), { priority: 1 }), col('External-IP', 'string', doc('core.NodeStatus.addresses'), { priority: 1 }),
    col('OS-Image', 'string', doc('core.NodeSystemInfo.osImage'), { priority: 1 }), col('Kernel-Version', 'string', doc('core.NodeSystemInfo.kernelVersion'), { priority: 1 }),
    col('Container-Runtime', 'string', doc('core.NodeSystemInfo.containerRuntimeVersion'), { priority: 1 })],
  cells(obj, now) {
    const node = obj as Node;
    const info = node.status?.nodeInfo;
    const addr = (t: string) => (node.status?.addresses ?? []).find((a) => a.type === t)?.address ?? '<none>';
    return [name(obj), nodeStatus(node), nodeRoles(node), age(obj, now), info?.kubeletVersion ?? '', addr('InternalIP'), addr('ExternalIP'),
      info?.osImage || '<unknown>', info?.kernelVersion || '<unknown>', info?.containerRuntimeVersion || '<unknown>'];
  },
};

export const namespacePrinter: Printer = {
  columns: [NAME_COLUMN, col('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  cells: (obj, now) => [name(obj), (obj as Namespace).status?.phase ?? '', age(obj, now)],
};

export const secretPrinter: Printer = {
  columns: [NAME_COLUMN, col('Type', 'string', doc('core.Secret.type')), col('Data', 'string', doc('core.Secret.data')), AGE_COLUMN],
  cells(obj, now) {
    const s = obj as Secret;
    // stringData is folded into data on write; count both in case a caller prints before that.
    const keys = new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})]);
    return [name(obj), s.type ?? 'Opaque', keys.size, age(obj, now)];
  },
};

export const configMapPrinter: Printer = {
  columns: [NAME_COLUMN, col('Data', 'string', doc('core.ConfigMap.data')), AGE_COLUMN],
  cells(obj, now) {
    const cm = obj as ConfigMap;
    return [name(obj), Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, age(obj, now)];
  },
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME_COLUMN, col('Secrets', 'string', doc('core.ServiceAccount.secrets')), AGE_COLUMN],
  cells: (obj, now) => [name(obj), (obj as ServiceAccount).secrets?.length ?? 0, age(obj, now)],
};

/** events.k8s.io/v1 Event in core/v1 shape (the server stores one and converts). */
export function eventsV1ToCore(e: EventsV1Event): Event {
  return {
    metadata: e.metadata ?? {}, involvedObject: e.regarding ?? {}, reason: e.reason, message: e.note, source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp, lastTimestamp: e.deprecatedLastTimestamp, count: e.deprecatedCount, type: e.type,
    eventTime: e.eventTime, series: e.series ? { count: e.series.count, lastObservedTime: e.series.lastObservedTime } : undefined,
    action: e.action, related: e.related, reportingComponent: e.reportingController ?? '', reportingInstance: e.reportingInstance ?? '',
  };
}

function eventCells(ev: Event, now: number): Cell[] {
  const first = ev.firstTimestamp ? ageSince(ev.firstTimestamp, now) : ageSince(ev.eventTime, now);
  let last = ev.lastTimestamp ? ageSince(ev.lastTimestamp, now) : first;
  let count = ev.count ?? 0;
  if (ev.series) {
    last = ageSince(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) {
    count = 1;
  }
  const io = ev.involvedObject ?? {};
  const target = io.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io.kind ?? '').toLowerCase();
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  const source = instance ? `${component}, ${instance}` : component;
  return [last, ev.type ?? '', ev.reason ?? '', target, io.fieldPath ?? '', source, (ev.message ?? '').trim(), first, count, ev.metadata?.name ?? ''];
}

const eventColumns = [col('Last Seen', 'string', doc('core.Event.lastTimestamp')), col('Type', 'string', doc('core.Event.type')),
  col('Reason', 'string', doc('core.Event.reason')), col('Object', 'string', doc('core.Event.involvedObject')),
  col('Subobject', 'string', doc('core.ObjectReference.fieldPath'), { priority: 1 }), col('Source', 'string', doc('core.Event.source'), { priority: 1 }),
  col('Message', 'string', doc('core.Event.message')), col('First Seen', 'string', doc('core.Event.firstTimestamp'), { priority: 1 }),
  col('Count', 'string', doc('core.Event.count'), { priority: 1 }), { ...NAME_COLUMN, priority: 1 }];

export const eventPrinter: Printer = { columns: eventColumns, cells: (obj, now) => eventCells(obj as unknown as Event, now) };
export const eventsV1Printer: Printer = { columns: eventColumns, cells: (obj, now) => eventCells(eventsV1ToCore(obj as unknown as EventsV1Event), now) };

/** GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order. */
export function accessModes(modes: string[] | undefined): string {
  const m = new Set(modes ?? []);
  return [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']]
    .filter(([full]) => m.has(full!)).map(([, short]) => short).join(',');
}

const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

export const persistentVolumePrinter: Printer = {
  columns: [NAME_COLUMN, col('Capacity', 'string', doc('core.PersistentVolumeSpec.capacity')), col('Access Modes', 'string', doc('core.PersistentVolumeSpec.accessModes')),
    col('Reclaim Policy', 'string', doc('core.PersistentVolumeSpec.persistentVolumeReclaimPolicy')), col('Status', 'string', doc('core.PersistentVolumeStatus.phase')),
    col('Claim', 'string', doc('core.PersistentVolumeSpec.claimRef')), col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'), col('Reason', 'string', doc('core.PersistentVolumeStatus.reason')), AGE_COLUMN,
    col('VolumeMode', 'string', doc('core.PersistentVolumeSpec.volumeMode'), { priority: 1 })],
  cells(obj, now) {
    const pv = obj as PersistentVolume & { spec?: { volumeAttributesClassName?: string } };
    const claim = pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ''}/${pv.spec.claimRef.name ?? ''}` : '';
    const phase = pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
    const cls = pv.metadata?.annotations?.[BETA_STORAGE_CLASS] ?? pv.spec?.storageClassName ?? '';
    return [name(obj), quantityString(pv.spec?.capacity?.storage), accessModes(pv.spec?.accessModes), pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phase, claim, cls, pv.spec?.volumeAttributesClassName ?? '<unset>', pv.status?.reason ?? '', age(obj, now), pv.spec?.volumeMode ?? '<unset>'];
  },
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: [NAME_COLUMN, col('Status', 'string', doc('core.PersistentVolumeClaimStatus.phase')), col('Volume', 'string', doc('core.PersistentVolumeClaimSpec.volumeName')),
    col('Capacity', 'string', doc('core.PersistentVolumeClaimStatus.capacity')), col('Access Modes', 'string', doc('core.PersistentVolumeClaimStatus.accessModes')),
    col('StorageClass', 'string', 'StorageClass of the pvc'), col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'), AGE_COLUMN,
    col('VolumeMode', 'string', doc('core.PersistentVolumeClaimSpec.volumeMode'), { priority: 1 })],
  cells(obj, now) {
    const pvc = obj as PersistentVolumeClaim & { spec?: { volumeAttributesClassName?: string } };
    const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '');
    const bound = !!pvc.spec?.volumeName;
    const cls = pvc.metadata?.annotations?.[BETA_STORAGE_CLASS] ?? pvc.spec?.storageClassName ?? '';
    return [name(obj), phase, pvc.spec?.volumeName ?? '', bound ? quantityString(pvc.status?.capacity?.storage) : '',
      bound ? accessModes(pvc.status?.accessModes) : '', cls, pvc.spec?.volumeAttributesClassName ?? '<unset>', age(obj, now), pvc.spec?.volumeMode ?? '<unset>'];
  },
};

export const resourceQuotaPrinter: Printer = {
  columns: [NAME_COLUMN, col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'), AGE_COLUMN],
  cells(obj, now) {
    const rq = obj as ResourceQuota;
    const hard = rq.status?.hard ?? {};
    const used = rq.status?.used ?? {};
    const req: string[] = [];
    const lim: string[] = [];
    for (const r of Object.keys(hard).sort()) {
      const pieces = r.split('.');
      (pieces.length > 1 && pieces[0] === 'limits' ? lim : req).push(`${r}: ${quantityString(used[r])}/${quantityString(hard[r])}`);
    }
    return [name(obj), req.join(', '), lim.join(', '), age(obj, now)];
  },
};

interface ComponentStatus { conditions?: { type: string; status: string; message?: string; error?: string }[] }

export const componentStatusPrinter: Printer = {
  columns: [NAME_COLUMN, col('Status', 'string', 'Status of the component conditions'), col('Message', 'string', 'Message of the component conditions'),
    col('Error', 'string', 'Error of the component conditions')],
  cells(obj) {
    const c = (obj as unknown as ComponentStatus).conditions?.find((x) => x.type === 'Healthy');
    const status = c ? (c.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown';
    return [name(obj), status, c?.message ?? '', c?.error ?? ''];
  },
};

