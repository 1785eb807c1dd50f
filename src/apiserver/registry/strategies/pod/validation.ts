// PodSpec validation (pkg/apis/core/validation ValidatePodSpec and helpers): the checks users trip over, with the
// upstream paths and messages.
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { arr, isInt, isObj, str, type Obj } from '../util.js';
import { nonNegative, notSupported, portNumOrName, validateLabels, validateResourceRequirements } from '../validation/common.js';
import { isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isValidPortName, isValidPortNum } from '../validation/names.js';
import { VOLUME_SOURCES } from './defaults.js';

const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const FIELD_REF_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];

function dnsLabel(v: unknown, path: string): FieldError[] {
  if (!v) return [fieldErr.required(path, '')];
  return isDNS1123Label(str(v)).map((m) => fieldErr.invalid(path, v, m));
}

function fileMode(v: unknown, path: string): FieldError[] {
  return isInt(v) && (v < 0 || v > 0o777) ? [fieldErr.invalid(path, v, FILE_MODE_MSG)] : [];
}

function validateVolumeSource(v: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const present = VOLUME_SOURCES.filter((s) => v[s] !== undefined && v[s] !== null);
  if (present.length === 0) return [fieldErr.required(path, 'must specify a volume type')];
  for (const extra of present.slice(1)) errs.push(fieldErr.forbidden(`${path}.${extra}`, 'may not specify more than 1 volume type'));
  const s = present[0]; const src = isObj(v[s]) ? v[s] : {};
  const p = `${path}.${s}`;
  switch (s) {
    case 'configMap':
      if (!src.name) errs.push(fieldErr.required(`${p}.name`, ''));
      errs.push(...fileMode(src.defaultMode, `${p}.defaultMode`));
      break;
    case 'secret':
      if (!src.secretName) errs.push(fieldErr.required(`${p}.secretName`, ''));
      errs.push(...fileMode(src.defaultMode, `${p}.defaultMode`));
      break;
    case 'persistentVolumeClaim':
      if (!src.claimName) errs.push(fieldErr.required(`${p}.claimName`, ''));
      break;
    case 'hostPath':
      if (!src.path) errs.push(fieldErr.required(`${p}.path`, ''));
      errs.push(...notSupported(src.type ?? '', `${p}.type`, ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'], false));
      break;
    case 'nfs':
      if (!src.server) errs.push(fieldErr.required(`${p}.server`, ''));
      if (!src.path) errs.push(fieldErr.required(`${p}.path`, ''));
      break;
    case 'emptyDir':
      if (src.medium !== undefined && !['', 'Memory', 'HugePages'].includes(src.medium) && !str(src.medium).startsWith('HugePages-')) {
        errs.push(fieldErr.notSupported(`${p}.medium`, src.medium, ['', 'Memory', 'HugePages']));
      }
      break;
    default:
  }
  return errs;
}

export function validateVolumes(volumes: unknown, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(volumes).forEach((v, i) => {
    const p = `${path}[${i}]`;
    errs.push(...dnsLabel(v.name, `${p}.name`));
    if (v.name && names.has(v.name)) errs.push(fieldErr.duplicate(`${p}.name`, v.name));
    if (v.name) names.add(v.name);
    errs.push(...validateVolumeSource(v, p));
  });
  return { errs, names };
}

function validateHandler(h: Obj, path: string): FieldError[] {
  const present = HANDLERS.filter((k) => h[k] !== undefined && h[k] !== null);
  if (present.length === 0) return [fieldErr.required(path, 'must specify a handler type')];
  const errs = present.slice(1).map((k) => fieldErr.forbidden(`${path}.${k}`, 'may not specify more than 1 handler type'));
  const k = present[0]; const x = isObj(h[k]) ? h[k] : {}; const p = `${path}.${k}`;
  if (k === 'exec' && arr(x.command).length === 0) errs.push(fieldErr.required(`${p}.command`, ''));
  if (k === 'httpGet') {
    if (!x.path) errs.push(fieldErr.required(`${p}.path`, ''));
    errs.push(...portNumOrName(x.port, `${p}.port`));
    if (x.scheme && !['HTTP', 'HTTPS'].includes(x.scheme)) errs.push(fieldErr.notSupported(`${p}.scheme`, x.scheme, ['HTTP', 'HTTPS']));
  }
  if (k === 'tcpSocket') errs.push(...portNumOrName(x.port, `${p}.port`));
  if (k === 'grpc') errs.push(...isValidPortNum(Number(x.port)).map((m) => fieldErr.invalid(`${p}.port`, x.port, m)));
  return errs;
}

function validateProbe(probe: unknown, path: string, mustSucceedOnce: boolean): FieldError[] {
  if (!isObj(probe)) return [];
  const errs = validateHandler(probe, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...nonNegative(probe[f], `${path}.${f}`));
  }
  if (isInt(probe.terminationGracePeriodSeconds) && probe.terminationGracePeriodSeconds <= 0) {
    errs.push(fieldErr.invalid(`${path}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  if (mustSucceedOnce && isInt(probe.successThreshold) && probe.successThreshold !== 1) {
    errs.push(fieldErr.invalid(`${path}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  return errs;
}

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((p, i) => {
    const ip = `${path}[${i}]`;
    if (p.name) {
      for (const m of isValidPortName(str(p.name))) errs.push(fieldErr.invalid(`${ip}.name`, p.name, m));
      if (names.has(p.name)) errs.push(fieldErr.duplicate(`${ip}.name`, p.name));
      names.add(p.name);
    }
    if (!p.containerPort) errs.push(fieldErr.required(`${ip}.containerPort`, ''));
    else errs.push(...isValidPortNum(p.containerPort).map((m) => fieldErr.invalid(`${ip}.containerPort`, p.containerPort, m)));
    if (p.hostPort) errs.push(...isValidPortNum(p.hostPort).map((m) => fieldErr.invalid(`${ip}.hostPort`, p.hostPort, m)));
    errs.push(...notSupported(p.protocol, `${ip}.protocol`, PROTOCOLS));
  });
  return errs;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(env).forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (!e.name) errs.push(fieldErr.required(`${p}.name`, ''));
    else for (const m of isEnvVarName(str(e.name))) errs.push(fieldErr.invalid(`${p}.name`, e.name, m));
    if (!isObj(e.valueFrom)) return;
    const vp = `${p}.valueFrom`;
    const srcs = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => isObj(e.valueFrom[k]));
    if (srcs.length !== 1) { errs.push(fieldErr.invalid(vp, '', 'may not have more than one field specified at a time')); return; }
    if (e.value) errs.push(fieldErr.invalid(vp, '', 'may not be specified when `value` is not empty'));
    const k = srcs[0]; const x = e.valueFrom[k];
    if (k === 'configMapKeyRef' || k === 'secretKeyRef') {
      if (!x.key) errs.push(fieldErr.required(`${vp}.${k}.key`, ''));
      if (!x.name) errs.push(fieldErr.required(`${vp}.${k}.name`, ''));
    }
    if (k === 'fieldRef') {
      const fp = str(x.fieldPath);
      if (!fp) errs.push(fieldErr.required(`${vp}.fieldRef.fieldPath`, ''));
      else if (!FIELD_REF_PATHS.includes(fp) && !/^metadata\.(labels|annotations)\['[^']+'\]$/.test(fp)) {
        errs.push(fieldErr.notSupported(`${vp}.fieldRef.fieldPath`, fp, FIELD_REF_PATHS));
      }
    }
    if (k === 'resourceFieldRef' && !x.resource) errs.push(fieldErr.required(`${vp}.resourceFieldRef.resource`, ''));
  });
  return errs;
}

function validateMounts(mounts: unknown, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  arr(mounts).forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!m.name) errs.push(fieldErr.required(`${p}.name`, ''));
    if (!volumes.has(str(m.name))) errs.push({ type: 'FieldValueNotFound', field: `${p}.name`, value: str(m.name), detail: `Not found: ${JSON.stringify(str(m.name))}` });
    if (!m.mountPath) errs.push(fieldErr.required(`${p}.mountPath`, ''));
    else if (seen.has(m.mountPath)) errs.push(fieldErr.invalid(`${p}.mountPath`, m.mountPath, 'must be unique'));
    seen.add(str(m.mountPath));
    if (m.subPath && (str(m.subPath).startsWith('/') || str(m.subPath).split('/').includes('..'))) {
      errs.push(fieldErr.invalid(`${p}.subPath`, m.subPath, str(m.subPath).startsWith('/') ? 'must be a relative path' : "must not contain '..'"));
    }
  });
  return errs;
}

function validateContainers(list: unknown, path: string, volumes: Set<string>, allNames: Set<string>, init: boolean): FieldError[] {
  const errs: FieldError[] = [];
  arr(list).forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...dnsLabel(c.name, `${p}.name`));
    if (c.name && allNames.has(c.name)) errs.push(fieldErr.duplicate(`${p}.name`, c.name));
    if (c.name) allNames.add(c.name);
    if (!c.image) errs.push(fieldErr.required(`${p}.image`, ''));
    else if (str(c.image).trim() !== c.image) errs.push(fieldErr.invalid(`${p}.image`, c.image, 'must not have leading or trailing whitespace'));
    errs.push(...validatePorts(c.ports, `${p}.ports`));
    errs.push(...validateEnv(c.env, `${p}.env`));
    errs.push(...validateMounts(c.volumeMounts, volumes, `${p}.volumeMounts`));
    errs.push(...validateResourceRequirements(c.resources, `${p}.resources`));
    errs.push(...notSupported(c.imagePullPolicy, `${p}.imagePullPolicy`, ['Always', 'IfNotPresent', 'Never']));
    errs.push(...notSupported(c.terminationMessagePolicy, `${p}.terminationMessagePolicy`, ['File', 'FallbackToLogsOnError']));
    const sidecar = init && c.restartPolicy === 'Always';
    if (init && !sidecar) {
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[probe]) errs.push(fieldErr.forbidden(`${p}.${probe}`, `may not be set for init containers without restartPolicy=Always`));
      }
    } else {
      errs.push(...validateProbe(c.livenessProbe, `${p}.livenessProbe`, true));
      errs.push(...validateProbe(c.readinessProbe, `${p}.readinessProbe`, false));
      errs.push(...validateProbe(c.startupProbe, `${p}.startupProbe`, true));
    }
    if (isObj(c.lifecycle)) {
      for (const h of ['postStart', 'preStop']) if (isObj(c.lifecycle[h])) errs.push(...validateHandler(c.lifecycle[h], `${p}.lifecycle.${h}`));
    }
  });
  return errs;
}

function validateTolerations(tols: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(tols).forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (t.key) for (const m of isQualifiedName(str(t.key))) errs.push(fieldErr.invalid(`${p}.key`, t.key, m));
    if (!t.key && t.operator !== 'Exists') errs.push(fieldErr.invalid(`${p}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(fieldErr.invalid(`${p}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (t.operator === 'Exists' && t.value) errs.push(fieldErr.invalid(`${p}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
    else if (t.operator && !['Equal', 'Exists'].includes(t.operator)) errs.push(fieldErr.notSupported(`${p}.operator`, t.operator, ['Equal', 'Exists']));
    if (t.effect) errs.push(...notSupported(t.effect, `${p}.effect`, ['NoExecute', 'NoSchedule', 'PreferNoSchedule']));
  });
  return errs;
}

export interface PodSpecValidationOptions {
  /** Restrict restartPolicy (workload templates: Always; Jobs: OnFailure/Never). */
  restartPolicies?: string[];
}

export function validatePodSpec(spec: unknown, path: string, opts: PodSpecValidationOptions = {}): FieldError[] {
  if (!isObj(spec)) return [fieldErr.required(path, '')];
  const { errs, names: volumes } = validateVolumes(spec.volumes, `${path}.volumes`);
  const allNames = new Set<string>();
  if (arr(spec.containers).length === 0) errs.push(fieldErr.required(`${path}.containers`, ''));
  errs.push(...validateContainers(spec.containers, `${path}.containers`, volumes, allNames, false));
  errs.push(...validateContainers(spec.initContainers, `${path}.initContainers`, volumes, allNames, true));
  if (opts.restartPolicies) {
    if (!opts.restartPolicies.includes(spec.restartPolicy)) errs.push(fieldErr.notSupported(`${path}.restartPolicy`, spec.restartPolicy ?? '', opts.restartPolicies));
  } else {
    errs.push(...notSupported(spec.restartPolicy, `${path}.restartPolicy`, ['Always', 'OnFailure', 'Never']));
  }
  errs.push(...notSupported(spec.dnsPolicy, `${path}.dnsPolicy`, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  if (spec.dnsPolicy === 'None' && !isObj(spec.dnsConfig)) errs.push(fieldErr.required(`${path}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  if (spec.serviceAccountName) for (const m of isDNS1123Subdomain(str(spec.serviceAccountName))) errs.push(fieldErr.invalid(`${path}.serviceAccountName`, spec.serviceAccountName, m));
  if (spec.nodeName) for (const m of isDNS1123Subdomain(str(spec.nodeName))) errs.push(fieldErr.invalid(`${path}.nodeName`, spec.nodeName, m));
  if (spec.hostname) for (const m of isDNS1123Label(str(spec.hostname))) errs.push(fieldErr.invalid(`${path}.hostname`, spec.hostname, m));
  if (spec.subdomain) for (const m of isDNS1123Label(str(spec.subdomain))) errs.push(fieldErr.invalid(`${path}.subdomain`, spec.subdomain, m));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = spec.activeDeadlineSeconds;
    if (!isInt(v) || v < 1 || v > 2147483647) errs.push(fieldErr.invalid(`${path}.activeDeadlineSeconds`, v, 'must be between 1 and 2147483647, inclusive'));
  }
  errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  return errs;
}

/** A PodTemplateSpec: template labels and the pod spec. */
export function validatePodTemplateSpec(template: unknown, path: string, opts: PodSpecValidationOptions = {}): FieldError[] {
  if (!isObj(template)) return [fieldErr.required(path, '')];
  const meta = isObj(template.metadata) ? template.metadata : {};
  const errs = validateLabels(meta.labels, `${path}.metadata.labels`);
  errs.push(...validatePodSpec(template.spec, `${path}.spec`, opts));
  return errs;
}
