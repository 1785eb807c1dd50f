// networking.k8s.io/v1 (Ingress, IngressClass, NetworkPolicy) and discovery.k8s.io/v1 EndpointSlice.
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { defineStrategy } from '../base.js';
import { arr, child, isObj, setDefault, str, type Obj } from '../util.js';
import { immutable, notSupported, validateLabelSelector } from '../validation/common.js';
import { isDNS1035Label, isDNS1123Subdomain, isValidIP, isValidPortName, isValidPortNum } from '../validation/names.js';

function specOf(o: Obj): Obj {
  return isObj(o.spec) ? o.spec : {};
}

function validateBackend(b: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (isObj(b.service) && isObj(b.resource)) return [fieldErr.invalid(path, '', 'cannot set both service and resource backends')];
  if (isObj(b.service)) {
    const s = b.service; const sp = `${path}.service`;
    if (!s.name) errs.push(fieldErr.required(`${sp}.name`, ''));
    else for (const m of isDNS1035Label(str(s.name))) errs.push(fieldErr.invalid(`${sp}.name`, s.name, m));
    const port = isObj(s.port) ? s.port : {};
    if (port.name && port.number) errs.push(fieldErr.invalid(`${sp}.port`, port.name, 'cannot set both port name & port number'));
    else if (port.name) for (const m of isValidPortName(str(port.name))) errs.push(fieldErr.invalid(`${sp}.port.name`, port.name, m));
    else if (port.number !== undefined) for (const m of isValidPortNum(Number(port.number))) errs.push(fieldErr.invalid(`${sp}.port.number`, port.number, m));
    else errs.push(fieldErr.required(`${sp}.port`, 'port name or number is required'));
  } else if (isObj(b.resource)) {
    if (!b.resource.kind) errs.push(fieldErr.required(`${path}.resource.kind`, ''));
    if (!b.resource.name) errs.push(fieldErr.required(`${path}.resource.name`, ''));
  } else {
    errs.push(fieldErr.invalid(path, '', 'resource or service backend is required'));
  }
  return errs;
}

export const ingressStrategy = defineStrategy({
  namespaced: true, statusSubresource: true, tracksGeneration: true,
  validate: (ing) => {
    const spec = specOf(ing);
    const errs: FieldError[] = [];
    if (!isObj(spec.defaultBackend) && arr(spec.rules).length === 0) errs.push(fieldErr.invalid('spec', spec.rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
    if (isObj(spec.defaultBackend)) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
    arr(spec.rules).forEach((r, i) => {
      const rp = `spec.rules[${i}]`;
      const host = str(r.host);
      if (host) {
        if (isValidIP(host)) errs.push(fieldErr.invalid(`${rp}.host`, host, 'must be a DNS name, not an IP address'));
        else {
          const h = host.startsWith('*.') ? host.slice(2) : host;
          for (const m of isDNS1123Subdomain(h)) errs.push(fieldErr.invalid(`${rp}.host`, host, m));
        }
      }
      if (!isObj(r.http)) return;
      const paths = arr(r.http.paths);
      if (paths.length === 0) errs.push(fieldErr.required(`${rp}.http.paths`, ''));
      paths.forEach((p, j) => {
        const pp = `${rp}.http.paths[${j}]`;
        if (!p.pathType) errs.push(fieldErr.required(`${pp}.pathType`, 'pathType must be specified'));
        else errs.push(...notSupported(p.pathType, `${pp}.pathType`, ['Exact', 'ImplementationSpecific', 'Prefix']));
        if ((p.pathType === 'Exact' || p.pathType === 'Prefix') && !str(p.path).startsWith('/')) errs.push(fieldErr.invalid(`${pp}.path`, str(p.path), 'must be an absolute path'));
        errs.push(...validateBackend(isObj(p.backend) ? p.backend : {}, `${pp}.backend`));
      });
    });
    arr(spec.tls).forEach((t, i) => arr(t.hosts).forEach((h, j) => {
      const v = str(h); const x = v.startsWith('*.') ? v.slice(2) : v;
      for (const m of isDNS1123Subdomain(x)) errs.push(fieldErr.invalid(`spec.tls[${i}].hosts[${j}]`, v, m));
    }));
    return errs;
  },
});

export const ingressClassStrategy = defineStrategy({
  namespaced: false, tracksGeneration: true,
  validate: (ic) => {
    const c = str(ic.spec?.controller);
    if (!c) return [fieldErr.required('spec.controller', '')];
    return c.length > 250 ? [fieldErr.tooLong('spec.controller', c, 250)] : [];
  },
  validateUpdate: (ic, old) => immutable(ic.spec?.controller, old.spec?.controller, 'spec.controller'),
});

export const networkPolicyStrategy = defineStrategy({
  namespaced: true, tracksGeneration: true,
  defaults: (np) => {
    const spec = child(np, 'spec');
    if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
      spec.policyTypes = arr(spec.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
    }
    for (const dir of ['ingress', 'egress']) for (const rule of arr(spec[dir])) for (const p of arr(rule.ports)) setDefault(p, 'protocol', 'TCP');
    if (!isObj(spec.podSelector)) spec.podSelector = {};
  },
  validate: (np) => {
    const spec = specOf(np);
    const errs = validateLabelSelector(spec.podSelector, 'spec.podSelector');
    const types = arr(spec.policyTypes) as unknown as string[];
    types.forEach((t, i) => errs.push(...notSupported(t, `spec.policyTypes[${i}]`, ['Egress', 'Ingress'])));
    if (types.length > 2) errs.push(fieldErr.invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
    for (const dir of ['ingress', 'egress']) {
      arr(spec[dir]).forEach((rule, i) => {
        const peers = arr(dir === 'ingress' ? rule.from : rule.to);
        peers.forEach((peer, j) => {
          const pp = `spec.${dir}[${i}].${dir === 'ingress' ? 'from' : 'to'}[${j}]`;
          const n = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => isObj(peer[k])).length;
          if (n === 0) errs.push(fieldErr.required(pp, 'must specify a peer'));
          if (isObj(peer.ipBlock) && (isObj(peer.podSelector) || isObj(peer.namespaceSelector))) errs.push(fieldErr.forbidden(pp, 'may not specify both ipBlock and another peer'));
          errs.push(...validateLabelSelector(peer.podSelector, `${pp}.podSelector`), ...validateLabelSelector(peer.namespaceSelector, `${pp}.namespaceSelector`));
          if (isObj(peer.ipBlock) && !peer.ipBlock.cidr) errs.push(fieldErr.required(`${pp}.ipBlock.cidr`, ''));
        });
        arr(rule.ports).forEach((p, j) => errs.push(...notSupported(p.protocol, `spec.${dir}[${i}].ports[${j}].protocol`, ['SCTP', 'TCP', 'UDP'])));
      });
    }
    return errs;
  },
});

export const endpointSliceStrategy = defineStrategy({
  namespaced: true, tracksGeneration: true,
  defaults: (es) => {
    for (const p of arr(es.ports)) { if (p.name === undefined || p.name === null) p.name = ''; setDefault(p, 'protocol', 'TCP'); }
  },
  validate: (es) => {
    const errs = notSupported(es.addressType, 'addressType', ['FQDN', 'IPv4', 'IPv6']);
    arr(es.endpoints).forEach((ep, i) => {
      const addrs = arr(ep.addresses) as unknown as string[];
      if (addrs.length === 0) errs.push(fieldErr.required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
      if (addrs.length > 100) errs.push({ type: 'FieldValueTooMany', field: `endpoints[${i}].addresses`, value: addrs.length, detail: `Too many: ${addrs.length}: must have at most 100 items` });
      addrs.forEach((a, j) => {
        if ((es.addressType === 'IPv4' || es.addressType === 'IPv6') && !isValidIP(a)) errs.push(fieldErr.invalid(`endpoints[${i}].addresses[${j}]`, a, 'must be a valid IP address'));
      });
    });
    arr(es.ports).forEach((p, i) => {
      if (p.port !== undefined && p.port !== null) for (const m of isValidPortNum(Number(p.port))) errs.push(fieldErr.invalid(`ports[${i}].port`, p.port, m));
      errs.push(...notSupported(p.protocol, `ports[${i}].protocol`, ['SCTP', 'TCP', 'UDP']));
    });
    return errs;
  },
  validateUpdate: (es, old) => immutable(es.addressType, old.addressType, 'addressType'),
});
