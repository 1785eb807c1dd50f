// core/v1 defaults for PodSpec and what it contains (SetDefaults_PodSpec, _Container, _Probe, _Volume, ...).
// `forPod` adds what only a Pod (never a template) gets: requests from limits, enableServiceLinks, host ports.
import { arr, child, isObj, setDefault, type Obj } from '../util.js';

/** Always for `:latest` or an untagged image (no tag and no digest), IfNotPresent otherwise. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? ref.slice(colon + 1) : (at >= 0 ? '' : 'latest');
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHttpGet(h: unknown): void {
  if (!isObj(h)) return;
  setDefault(h, 'path', '/');
  setDefault(h, 'scheme', 'HTTP');
}

function defaultHandler(h: unknown): void {
  if (isObj(h)) defaultHttpGet(h.httpGet);
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  for (const [k, v] of [['timeoutSeconds', 1], ['periodSeconds', 10], ['successThreshold', 1], ['failureThreshold', 3]] as const) {
    if (!p[k]) p[k] = v;
  }
  defaultHandler(p);
}

function defaultFieldRef(ref: unknown): void {
  if (isObj(ref)) setDefault(ref, 'apiVersion', 'v1');
}

export function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(typeof c.image === 'string' ? c.image : '');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (!isObj(c.resources)) c.resources = {};
  for (const p of arr(c.ports)) setDefault(p, 'protocol', 'TCP');
  for (const e of arr(c.env)) if (isObj(e.valueFrom)) defaultFieldRef(e.valueFrom.fieldRef);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) { defaultHandler(c.lifecycle.postStart); defaultHandler(c.lifecycle.preStop); }
}

// In the order ValidateVolumeSource checks them: the first present one wins, later ones are reported as extra.
const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'quobyte', 'cephfs', 'cinder', 'flexVolume', 'fc', 'flocker', 'downwardAPI', 'azureFile',
  'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO', 'storageos', 'configMap', 'projected',
  'csi', 'ephemeral', 'image',
];
export { VOLUME_SOURCES };

function defaultItemsFieldRefs(src: unknown): void {
  if (isObj(src)) for (const it of arr(src.items)) defaultFieldRef(it.fieldRef);
}

export function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) v.emptyDir = {};
  if (isObj(v.secret)) setDefault(v.secret, 'defaultMode', 0o644);
  if (isObj(v.configMap)) setDefault(v.configMap, 'defaultMode', 0o644);
  if (isObj(v.downwardAPI)) { setDefault(v.downwardAPI, 'defaultMode', 0o644); defaultItemsFieldRefs(v.downwardAPI); }
  if (isObj(v.hostPath)) setDefault(v.hostPath, 'type', '');
  if (isObj(v.projected)) {
    setDefault(v.projected, 'defaultMode', 0o644);
    for (const s of arr(v.projected.sources)) {
      if (isObj(s.serviceAccountToken)) setDefault(s.serviceAccountToken, 'expirationSeconds', 3600);
      defaultItemsFieldRefs(s.downwardAPI);
    }
  }
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate) && isObj(v.ephemeral.volumeClaimTemplate.spec)) {
    setDefault(v.ephemeral.volumeClaimTemplate.spec, 'volumeMode', 'Filesystem');
  }
}

export interface PodSpecDefaultsOptions {
  /** A Pod (not a template): requests from limits, enableServiceLinks, host ports under hostNetwork. */
  forPod: boolean;
}

export function defaultPodSpec(spec: Obj, opts: PodSpecDefaultsOptions): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  setDefault(spec, 'schedulerName', 'default-scheduler');
  // v1 conversion: serviceAccountName falls back to the deprecated field, and the deprecated field mirrors it.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  const containers = [...arr(spec.containers), ...arr(spec.initContainers), ...arr(spec.ephemeralContainers)];
  for (const c of containers) defaultContainer(c);
  for (const v of arr(spec.volumes)) defaultVolume(v);
  if (opts.forPod) {
    for (const c of [...arr(spec.containers), ...arr(spec.initContainers)]) {
      const res = child(c, 'resources');
      if (isObj(res.limits)) {
        const req = child(res, 'requests');
        for (const [k, q] of Object.entries(res.limits)) if (req[k] === undefined) req[k] = q;
      }
      if (spec.hostNetwork === true) for (const p of arr(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
    }
    if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  }
}

/** PodTemplateSpec inside workloads: template.spec gets PodSpec defaults. */
export function defaultPodTemplate(template: unknown): void {
  if (!isObj(template)) return;
  defaultPodSpec(child(template, 'spec'), { forPod: false });
}
