// Field-level validators shared across kinds, in apimachinery's words.
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { deepEqual, goStringMap, isInt, isObj, arr, str, type Obj } from '../util.js';
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortName, isValidPortNum, isValidPercent } from './names.js';
import { parseQuantity } from './quantity.js';

export function nonNegative(v: unknown, path: string): FieldError[] {
  return isInt(v) && v < 0 ? [fieldErr.invalid(path, v, 'must be greater than or equal to 0')] : [];
}

export function positive(v: unknown, path: string): FieldError[] {
  return isInt(v) && v <= 0 ? [fieldErr.invalid(path, v, 'must be greater than 0')] : [];
}

/** Integer check for values that must be numbers when present. */
export function intField(v: unknown, path: string): FieldError[] {
  return v !== undefined && v !== null && !isInt(v) ? [fieldErr.typeInvalid(path, v, 'must be an integer')] : [];
}

export function immutable(nv: unknown, ov: unknown, path: string): FieldError[] {
  return deepEqual(nv, ov) ? [] : [fieldErr.invalid(path, nv ?? null, 'field is immutable')];
}

export function notSupported(v: unknown, path: string, allowed: string[], requiredWhenEmpty = true): FieldError[] {
  if (v === undefined || v === null || v === '') return requiredWhenEmpty ? [fieldErr.required(path, '')] : [];
  return allowed.includes(v as string) ? [] : [fieldErr.notSupported(path, v, allowed)];
}

/** An IntOrString port: a number 1-65535 or an IANA port name. */
export function portNumOrName(v: unknown, path: string): FieldError[] {
  if (typeof v === 'number') return isValidPortNum(v).map((m) => fieldErr.invalid(path, v, m));
  if (typeof v === 'string') {
    if (v === '') return [fieldErr.required(path, '')];
    return isValidPortName(v).map((m) => fieldErr.invalid(path, v, m));
  }
  return [fieldErr.required(path, '')];
}

/** An IntOrString that must be a non-negative integer or a percentage (maxSurge, maxUnavailable, minAvailable). */
export function intOrPercent(v: unknown, path: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'number') return nonNegative(v, path);
  if (typeof v === 'string') {
    const errs = isValidPercent(v).map((m) => fieldErr.invalid(path, v, m));
    if (errs.length) return errs;
    return [];
  }
  return [fieldErr.typeInvalid(path, v, 'must be an integer or percentage')];
}

/** Resolves an IntOrString against a total (percentages round up when `roundUp`). */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.endsWith('%')) {
    const x = (Number(v.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  return 0;
}

export function validateLabels(labels: unknown, path: string): FieldError[] {
  if (!isObj(labels)) return [];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const m of isQualifiedName(k)) errs.push(fieldErr.invalid(path, k, m));
    for (const m of isValidLabelValue(str(v))) errs.push(fieldErr.invalid(path, v, m));
  }
  return errs;
}


/** metav1 LabelSelector syntax (`ValidateLabelSelector`). */
export function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  if (!isObj(sel)) return [];
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  arr(sel.matchExpressions).forEach((r, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = arr(r.values);
    switch (r.operator) {
      case 'In': case 'NotIn':
        if (values.length === 0) errs.push(fieldErr.required(`${p}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
        break;
      case 'Exists': case 'DoesNotExist':
        if (values.length > 0) errs.push(fieldErr.forbidden(`${p}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
        break;
      default:
        errs.push(fieldErr.invalid(`${p}.operator`, r.operator ?? '', 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(str(r.key))) errs.push(fieldErr.invalid(`${p}.key`, r.key ?? '', m));
  });
  return errs;
}

export function selectorIsEmpty(sel: unknown): boolean {
  return !isObj(sel) || (Object.keys(sel.matchLabels ?? {}).length === 0 && arr(sel.matchExpressions).length === 0);
}

/** Whether a LabelSelector selects a label set. */
export function selectorMatches(sel: unknown, labels: Obj | undefined): boolean {
  if (!isObj(sel)) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const r of arr(sel.matchExpressions)) {
    const has = Object.hasOwn(l, r.key);
    const values = arr(r.values) as unknown as string[];
    switch (r.operator) {
      case 'In': if (!has || !values.includes(l[r.key])) return false; break;
      case 'NotIn': if (has && values.includes(l[r.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** The `selector does not match template labels` error shape. */
export function selectorMismatch(path: string, labels: Obj | undefined): FieldError {
  return fieldErr.invalid(path, goStringMap(labels), '`selector` does not match template `labels`');
}

const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods', 'services']);

/** A ResourceList: names qualified, quantities parse and are ≥ 0. */
export function validateResourceList(list: unknown, path: string): FieldError[] {
  if (!isObj(list)) return [];
  const errs: FieldError[] = [];
  for (const [k, q] of Object.entries(list)) {
    const kp = `${path}[${k}]`;
    if (!STANDARD_RESOURCES.has(k)) {
      const m = isQualifiedName(k);
      if (m.length) { for (const x of m) errs.push(fieldErr.invalid(kp, k, x)); continue; }
      if (!k.includes('/') && !k.startsWith('hugepages-') && !k.startsWith('requests.') && !k.startsWith('limits.') && !k.startsWith('count/')) {
        errs.push(fieldErr.invalid(kp, k, 'must be a standard resource type or fully qualified'));
      }
    }
    const n = parseQuantity(q);
    if (n === undefined) errs.push(fieldErr.invalid(kp, q, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
    else if (n < 0) errs.push(fieldErr.invalid(kp, q, 'must be greater than or equal to 0'));
  }
  return errs;
}

/** ResourceRequirements: both lists valid and each request ≤ its limit. */
export function validateResourceRequirements(res: unknown, path: string): FieldError[] {
  if (!isObj(res)) return [];
  const errs = [...validateResourceList(res.limits, `${path}.limits`), ...validateResourceList(res.requests, `${path}.requests`)];
  const limits = isObj(res.limits) ? res.limits : {};
  for (const [k, q] of Object.entries(isObj(res.requests) ? res.requests : {})) {
    if (limits[k] === undefined) continue;
    const r = parseQuantity(q); const l = parseQuantity(limits[k]);
    if (r !== undefined && l !== undefined && r > l) {
      errs.push(fieldErr.invalid(`${path}.requests[${k}]`, String(q), `must be less than or equal to ${k} limit of ${String(limits[k])}`));
    }
  }
  return errs;
}

export function subdomain(v: unknown, path: string): FieldError[] {
  if (!v) return [fieldErr.required(path, '')];
  return isDNS1123Subdomain(str(v)).map((m) => fieldErr.invalid(path, v, m));
}
