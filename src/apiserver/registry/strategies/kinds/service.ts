// core/v1 Service (SetDefaults_Service, ValidateService/ValidateServiceUpdate, the service REST's patching of
// allocated values). ClusterIP and NodePort allocation happen in the server, not here.
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { defineStrategy } from '../base.js';
import { arr, child, goStringSlice, isObj, setDefault, str, type Obj } from '../util.js';
import { notSupported, portNumOrName, validateLabels } from '../validation/common.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidIP, isValidPortNum, nameIsDNS1035Label } from '../validation/names.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function specOf(o: Obj): Obj {
  return isObj(o.spec) ? o.spec : {};
}

function externallyAccessible(spec: Obj): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer' || arr(spec.externalIPs).length > 0;
}

function needsNodePort(spec: Obj): boolean {
  return spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
}

export function defaultService(svc: Obj): void {
  const spec = child(svc, 'spec');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && typeof spec.sessionAffinityConfig?.clientIP?.timeoutSeconds !== 'number') {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  setDefault(spec, 'type', 'ClusterIP');
  for (const p of arr(spec.ports)) {
    setDefault(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(spec)) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts == null) spec.allocateLoadBalancerNodePorts = true;
  if (spec.type !== 'ExternalName') {
    // What the REST layer's IP-family logic settles on for a single-stack IPv4 cluster.
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  }
  // NormalizeClusterIPs
  if (spec.clusterIP && (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0)) spec.clusterIPs = [spec.clusterIP];
  if (!spec.clusterIP && Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0) spec.clusterIP = spec.clusterIPs[0];
}

function validatePorts(spec: Obj, headless: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ports = arr(spec.ports);
  const names = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(fieldErr.required(`${pp}.name`, ''));
    else if (p.name) for (const m of isDNS1123Label(str(p.name))) errs.push(fieldErr.invalid(`${pp}.name`, p.name, m));
    if (p.name && names.has(p.name)) errs.push(fieldErr.duplicate(`${pp}.name`, p.name));
    if (p.name) names.add(p.name);
    for (const m of isValidPortNum(Number(p.port))) errs.push(fieldErr.invalid(`${pp}.port`, p.port ?? 0, m));
    errs.push(...notSupported(p.protocol, `${pp}.protocol`, ['SCTP', 'TCP', 'UDP']));
    if (!(headless && (p.targetPort === undefined || p.targetPort === 0))) errs.push(...portNumOrName(p.targetPort, `${pp}.targetPort`));
    if (p.nodePort) {
      if (spec.type === 'ClusterIP') errs.push(fieldErr.forbidden(`${pp}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
      for (const m of isValidPortNum(Number(p.nodePort))) errs.push(fieldErr.invalid(`${pp}.nodePort`, p.nodePort, m));
      const key = `${p.nodePort}/${str(p.protocol)}`;
      if (nodePorts.has(key)) errs.push(fieldErr.duplicate(`${pp}.nodePort`, p.nodePort));
      nodePorts.add(key);
    }
  });
  return errs;
}

export function validateServiceSpec(svc: Obj): FieldError[] {
  const spec = specOf(svc);
  const errs: FieldError[] = [];
  const headless = spec.clusterIP === 'None';
  if (!TYPES.includes(spec.type)) errs.push(fieldErr.notSupported('spec.type', spec.type ?? '', TYPES));
  if (arr(spec.ports).length === 0 && !headless && spec.type !== 'ExternalName') errs.push(fieldErr.required('spec.ports', ''));
  if (spec.type === 'ExternalName') {
    if (spec.clusterIP && spec.clusterIP !== 'None') errs.push(fieldErr.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    const en = str(spec.externalName).replace(/\.$/, '');
    if (!en) errs.push(fieldErr.required('spec.externalName', ''));
    else {
      const m = isDNS1123Subdomain(en);
      if (m.length) errs.push(fieldErr.invalid('spec.externalName', en, m.join(',')));
      else if (en.split('.').length < 2) errs.push(fieldErr.invalid('spec.externalName', en, 'should be a domain with at least two segments separated by dots'));
    }
  }
  arr(spec.clusterIPs).forEach((ip, i) => {
    const v = ip as unknown as string;
    if (v === 'None') {
      if (i > 0) errs.push(fieldErr.invalid(`spec.clusterIPs[${i}]`, v, "'None' must be the first and only value"));
      else if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') errs.push(fieldErr.invalid('spec.clusterIPs[0]', v, `may not be set to 'None' for ${String(spec.type)} services`));
    } else if (v !== '' && !isValidIP(v)) {
      errs.push(fieldErr.invalid(`spec.clusterIPs[${i}]`, v, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    }
  });
  if (spec.clusterIP && Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0 && spec.clusterIPs[0] !== spec.clusterIP) {
    errs.push(fieldErr.invalid('spec.clusterIPs', goStringSlice(spec.clusterIPs), 'first value must match `clusterIP`'));
  }
  errs.push(...validatePorts(spec, headless));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  errs.push(...notSupported(spec.sessionAffinity, 'spec.sessionAffinity', ['ClientIP', 'None']));
  const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (spec.sessionAffinity === 'ClientIP' && (typeof t !== 'number' || t <= 0 || t > 86400)) {
    errs.push(fieldErr.invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t ?? 0, 'must be greater than 0 and less than 86400'));
  }
  if (spec.externalTrafficPolicy) {
    if (!externallyAccessible(spec)) errs.push(fieldErr.invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
    else errs.push(...notSupported(spec.externalTrafficPolicy, 'spec.externalTrafficPolicy', ['Cluster', 'Local']));
  }
  if (spec.internalTrafficPolicy != null) errs.push(...notSupported(spec.internalTrafficPolicy, 'spec.internalTrafficPolicy', ['Cluster', 'Local']));
  if (spec.ipFamilyPolicy != null) errs.push(...notSupported(spec.ipFamilyPolicy, 'spec.ipFamilyPolicy', ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
  arr(spec.ipFamilies).forEach((f, i) => errs.push(...notSupported(f, `spec.ipFamilies[${i}]`, ['IPv4', 'IPv6'])));
  return errs;
}

/** The service REST's patchAllocatedValues plus dropping fields a type change leaves behind. */
export function patchServiceForUpdate(svc: Obj, old: Obj): void {
  const spec = child(svc, 'spec'); const os = specOf(old);
  if (spec.type !== 'ExternalName' && os.type !== 'ExternalName') {
    if (!spec.clusterIP && os.clusterIP) spec.clusterIP = os.clusterIP;
    if ((!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0) && Array.isArray(os.clusterIPs)) spec.clusterIPs = [...os.clusterIPs];
  }
  if (needsNodePort(os) && needsNodePort(spec)) {
    const byName = new Map<string, number>(arr(os.ports).map((p) => [str(p.name), p.nodePort]));
    const used = new Set(arr(spec.ports).map((p) => p.nodePort).filter(Boolean));
    for (const p of arr(spec.ports)) {
      const prev = byName.get(str(p.name));
      if (!p.nodePort && prev && !used.has(prev)) p.nodePort = prev;
    }
    if (!spec.healthCheckNodePort && os.healthCheckNodePort) spec.healthCheckNodePort = os.healthCheckNodePort;
  }
  if (!needsNodePort(spec) && needsNodePort(os)) {
    const oldPorts = new Set(arr(os.ports).map((p) => p.nodePort));
    for (const p of arr(spec.ports)) if (p.nodePort && oldPorts.has(p.nodePort)) delete p.nodePort;
  }
  if (!externallyAccessible(spec) && spec.externalTrafficPolicy === os.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  if (spec.type !== 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === os.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
  if (spec.type === 'ExternalName' && os.type !== 'ExternalName') {
    if (spec.clusterIP === os.clusterIP) { delete spec.clusterIP; delete spec.clusterIPs; }
    delete spec.ipFamilies; delete spec.ipFamilyPolicy; delete spec.internalTrafficPolicy;
  }
}

function validateClusterIPUpdate(svc: Obj, old: Obj): FieldError[] {
  const spec = specOf(svc); const os = specOf(old);
  if (spec.type === 'ExternalName' || os.type === 'ExternalName') return [];
  if (spec.clusterIP === 'None' && os.clusterIP === 'None') return [];
  const a = arr(spec.clusterIPs) as unknown as string[]; const b = arr(os.clusterIPs) as unknown as string[];
  const errs: FieldError[] = [];
  if (a.length === b.length) {
    b.forEach((ip, i) => { if (ip !== a[i]) errs.push(fieldErr.invalid(`spec.clusterIPs[${i}]`, goStringSlice(a), 'may not change once set')); });
  } else if (a.length === 0 && b.length > 0) {
    errs.push(fieldErr.invalid('spec.clusterIPs[0]', goStringSlice(a), 'primary clusterIP can not be unset'));
  } else if (a.length > 0 && b.length > 0 && a[0] !== b[0]) {
    errs.push(fieldErr.invalid('spec.clusterIPs[0]', goStringSlice(a), 'may not change once set'));
  }
  return errs;
}

export const serviceStrategy = defineStrategy({
  namespaced: true, statusSubresource: true, nameValidator: nameIsDNS1035Label,
  initialStatus: () => ({ loadBalancer: {} }),
  defaults: defaultService,
  prepareForUpdate: patchServiceForUpdate,
  validate: validateServiceSpec,
  validateUpdate: validateClusterIPUpdate,
  fields: (svc) => ({ 'spec.clusterIP': str(svc.spec?.clusterIP), 'spec.type': str(svc.spec?.type) }),
});
