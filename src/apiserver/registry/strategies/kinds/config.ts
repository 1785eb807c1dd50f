// core/v1 Secret and ConfigMap: key syntax, size limits, base64 data, stringData folding, `immutable`.
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { defineStrategy } from '../base.js';
import { isObj, str, type Obj } from '../util.js';
import { immutable } from '../validation/common.js';
import { isConfigMapKey } from '../validation/names.js';

export const MAX_SECRET_SIZE = 1024 * 1024;

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Go's base64.StdEncoding strictness: the byte offset of the first bad input, or -1 when valid. */
export function base64ErrorOffset(s: string): number {
  for (let i = 0; i < s.length; i++) if (!/[A-Za-z0-9+/=]/.test(s[i])) return i;
  if (!B64.test(s) || s.length % 4 !== 0) {
    const eq = s.indexOf('=');
    return eq >= 0 && eq < s.length - 2 ? eq : Math.floor(s.length / 4) * 4;
  }
  return -1;
}

function validateKeys(data: unknown, path: string): FieldError[] {
  if (!isObj(data)) return [];
  const errs: FieldError[] = [];
  for (const k of Object.keys(data)) for (const m of isConfigMapKey(k)) errs.push(fieldErr.invalid(`${path}[${k}]`, k, m));
  return errs;
}

function immutableWhenSet(o: Obj, old: Obj, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (o.immutable !== true) errs.push(fieldErr.forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields) if (immutable(o[f] ?? {}, old[f] ?? {}, f).length) errs.push(fieldErr.forbidden(f, 'field is immutable when `immutable` is set'));
  return errs;
}

/** Keys that a Secret of a given type must carry (ValidateSecret). */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

export const secretStrategy = defineStrategy({
  namespaced: true,
  defaults: (s) => {
    if (!s.type) s.type = 'Opaque';
    // v1 → internal conversion: stringData wins over data and is never stored.
    if (isObj(s.stringData)) {
      const data = isObj(s.data) ? s.data : (s.data = {});
      for (const [k, v] of Object.entries(s.stringData)) data[k] = Buffer.from(str(v), 'utf8').toString('base64');
    }
    delete s.stringData;
  },
  validate: (s) => {
    const errs = validateKeys(s.data, 'data');
    let total = 0;
    const data = isObj(s.data) ? s.data : {};
    for (const [k, v] of Object.entries(data)) {
      const off = base64ErrorOffset(str(v));
      if (off >= 0) errs.push(fieldErr.invalid(`data[${k}]`, '<secret contents redacted>', `illegal base64 data at input byte ${off}`));
      else total += Buffer.from(str(v), 'base64').length;
    }
    if (total > MAX_SECRET_SIZE) errs.push(fieldErr.tooLong('data', '', MAX_SECRET_SIZE));
    const type = str(s.type);
    for (const key of REQUIRED_KEYS[type] ?? []) if (data[key] === undefined) errs.push(fieldErr.required(`data[${key}]`, ''));
    if (type === 'kubernetes.io/service-account-token' && !s.metadata?.annotations?.['kubernetes.io/service-account.name']) {
      errs.push(fieldErr.required('metadata.annotations[kubernetes.io/service-account.name]', ''));
    }
    if (type === 'kubernetes.io/basic-auth' && data.username === undefined && data.password === undefined) {
      errs.push(fieldErr.required('data[username]', ''), fieldErr.required('data[password]', ''));
    }
    return errs;
  },
  validateUpdate: (s, old) => [...immutable(s.type, old.type, 'type'), ...immutableWhenSet(s, old, ['data'])],
  fields: (s) => ({ type: str(s.type) }),
});

export const configMapStrategy = defineStrategy({
  namespaced: true,
  validate: (cm) => {
    const errs = [...validateKeys(cm.data, 'data'), ...validateKeys(cm.binaryData, 'binaryData')];
    let total = 0;
    const data = isObj(cm.data) ? cm.data : {}; const bin = isObj(cm.binaryData) ? cm.binaryData : {};
    for (const [k, v] of Object.entries(data)) total += Buffer.byteLength(k) + Buffer.byteLength(str(v));
    for (const [k, v] of Object.entries(bin)) {
      if (data[k] !== undefined) errs.push(fieldErr.invalid('binaryData', k, 'duplicate of key present in data'));
      total += Buffer.byteLength(k) + Buffer.from(str(v), 'base64').length;
    }
    if (total > MAX_SECRET_SIZE) errs.push(fieldErr.tooLong('', '', MAX_SECRET_SIZE));
    return errs;
  },
  validateUpdate: (cm, old) => immutableWhenSet(cm, old, ['data', 'binaryData']),
});
