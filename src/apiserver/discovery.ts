// Discovery documents: legacy (/api, /apis, /api/v1, /apis/g, /apis/g/v) and aggregated (apidiscovery.k8s.io v2 and
// v2beta1, chosen from the Accept header; clients decide the format only from the response Content-Type).
import type { Registry, ResourceEntry } from './registry/registry.js';
import { groupVersion } from './resources.js';

/** Kubernetes version priority: GA > beta > alpha, then by major then minor number, descending. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0, v] as const;
    const level = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
    return [level, Number(m[1]), Number(m[3] ?? 0), v] as const;
  };
  const pa = parse(a); const pb = parse(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pb[i] as number) - (pa[i] as number);
  return a < b ? -1 : a > b ? 1 : 0;
}

interface GroupView { name: string; versions: string[] }

export function groupsOf(reg: Registry): GroupView[] {
  const m = new Map<string, Set<string>>();
  for (const e of reg.all()) {
    if (e.crd && !e.crd.served) continue;
    if (!m.has(e.info.group)) m.set(e.info.group, new Set());
    m.get(e.info.group)!.add(e.info.version);
  }
  const order = ['', 'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io', 'metrics.k8s.io'];
  return [...m.entries()]
    .map(([name, vs]) => ({ name, versions: [...vs].sort(compareVersions) }))
    .sort((a, b) => {
      const ia = order.indexOf(a.name); const ib = order.indexOf(b.name);
      if (ia >= 0 && ib >= 0) return ia - ib;
      if (ia >= 0) return -1;
      if (ib >= 0) return 1;
      return a.name < b.name ? -1 : 1;
    });
}

function entriesFor(reg: Registry, group: string, version: string): ResourceEntry[] {
  return reg.all().filter((e) => e.info.group === group && e.info.version === version && !(e.crd && !e.crd.served));
}

export function apiVersions(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupObject(g: GroupView): object {
  const versions = g.versions.map((v) => ({ groupVersion: groupVersion(g.name, v), version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

export function apiGroupList(reg: Registry): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupsOf(reg).filter((g) => g.name !== '').map(groupObject) };
}

export function apiGroup(reg: Registry, name: string): object | undefined {
  const g = groupsOf(reg).find((x) => x.name === name);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupObject(g) } : undefined;
}

export function apiResourceList(reg: Registry, group: string, version: string): object | undefined {
  const es = entriesFor(reg, group, version);
  if (!es.length) return undefined;
  const resources: object[] = [];
  for (const e of es.sort((a, b) => (a.info.resource < b.info.resource ? -1 : 1))) {
    const i = e.info;
    const r: Record<string, unknown> = { name: i.resource, singularName: i.singular, namespaced: i.namespaced, kind: i.kind, verbs: i.verbs };
    if (i.shortNames?.length) r.shortNames = i.shortNames;
    if (i.categories?.length) r.categories = i.categories;
    resources.push(r);
    for (const s of i.subresources) {
      const sr: Record<string, unknown> = { name: `${i.resource}/${s.name}`, singularName: '', namespaced: i.namespaced, kind: s.kind ?? i.kind, verbs: s.verbs };
      if (s.group !== undefined) sr.group = s.group;
      if (s.version !== undefined) sr.version = s.version;
      resources.push(sr);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources };
}

export type AggregatedVersion = 'v2' | 'v2beta1';

/** Which aggregated format the Accept header asks for, if any (v2 preferred). */
export function negotiateAggregated(accept: string | undefined): AggregatedVersion | undefined {
  if (!accept) return undefined;
  const offered = new Set<string>();
  for (const range of accept.split(',')) {
    const params = new Map(range.split(';').slice(1).map((p) => {
      const [k, v = ''] = p.trim().split('=');
      return [k, v] as [string, string];
    }));
    if (params.get('g') === 'apidiscovery.k8s.io' && params.get('as') === 'APIGroupDiscoveryList') offered.add(params.get('v') ?? '');
  }
  if (offered.has('v2')) return 'v2';
  if (offered.has('v2beta1')) return 'v2beta1';
  return undefined;
}

export function aggregatedContentType(v: AggregatedVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;
}

export function aggregatedDiscovery(reg: Registry, legacy: boolean, v: AggregatedVersion): object {
  const groups = groupsOf(reg).filter((g) => (legacy ? g.name === '' : g.name !== ''));
  const items = groups.map((g) => ({
    metadata: { name: g.name, creationTimestamp: null },
    versions: g.versions.map((ver) => ({
      version: ver,
      freshness: 'Current',
      resources: entriesFor(reg, g.name, ver)
        .sort((a, b) => (a.info.resource < b.info.resource ? -1 : 1))
        .map((e) => {
          const i = e.info;
          const r: Record<string, unknown> = {
            resource: i.resource,
            responseKind: { group: i.group, version: i.version, kind: i.kind },
            scope: i.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: i.singular,
            verbs: i.verbs,
          };
          if (i.shortNames?.length) r.shortNames = i.shortNames;
          if (i.categories?.length) r.categories = i.categories;
          if (i.subresources.length) {
            r.subresources = i.subresources.map((s) => ({
              subresource: s.name,
              responseKind: { group: s.group ?? i.group, version: s.version ?? i.version, kind: s.kind ?? i.kind },
              verbs: s.verbs,
            }));
          }
          return r;
        }),
    })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items };
}
