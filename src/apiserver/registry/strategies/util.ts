// Small helpers over plain JSON objects shared by the strategies.
import type { FieldError } from '../../../machinery/errors.js';

/** A JSON object whose shape we check at runtime. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `o[k]`, created as `{}` when missing or not an object. */
export function child(o: Obj, k: string): Obj {
  if (!isObj(o[k])) o[k] = {};
  return o[k] as Obj;
}

export function arr(v: unknown): Obj[] {
  return Array.isArray(v) ? (v as Obj[]) : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function setDefault(o: Obj, k: string, v: unknown): void {
  if (o[k] === undefined || o[k] === null || o[k] === '') o[k] = v;
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Structural equality of JSON values; `undefined`/missing keys are equal. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/**
 * A value that errors.ts prints verbatim: Kubernetes prints Go values with `%#v`, e.g.
 * `map[string]string{"app":"x"}`. fieldErrorMessage() prints non-object, non-string values with String(v); a function
 * with its own toString is the one such carrier that survives. TODO(integrator): give errors.ts a first-class form.
 */
export function goRepr(text: string): unknown {
  const f = (): string => text;
  f.toString = (): string => text;
  return f;
}

/** Go's `%#v` of a map[string]string: keys sorted, as fmt prints maps. */
export function goStringMap(m: Obj | undefined): unknown {
  if (!m) return goRepr('map[string]string(nil)');
  const body = Object.keys(m).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(m[k]))}`).join(', ');
  return goRepr(`map[string]string{${body}}`);
}

/** Go's `%#v` of a []string. */
export function goStringSlice(a: string[]): unknown {
  return goRepr(`[]string{${a.map((s) => JSON.stringify(s)).join(', ')}}`);
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

export type Errs = FieldError[];

/** Go's `%#v` of an intstr.IntOrString, as Kubernetes prints it in maxSurge/maxUnavailable errors. */
export function goIntOrString(v: unknown): unknown {
  if (typeof v === 'string') return goRepr(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`);
  return goRepr(`intstr.IntOrString{Type:0, IntVal:${typeof v === 'number' ? v : 0}, StrVal:""}`);
}

/** Go's `%#v` of a v1.LabelSelector (selector immutability and empty-selector errors). */
export function goLabelSelector(sel: unknown): unknown {
  if (!isObj(sel)) return goRepr('null');
  const ml = isObj(sel.matchLabels) && Object.keys(sel.matchLabels).length ? String(goStringMap(sel.matchLabels)) : 'map[string]string(nil)';
  const exprs = arr(sel.matchExpressions);
  const me = exprs.length
    ? `[]v1.LabelSelectorRequirement{${exprs.map((r) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(str(r.key))}, Operator:${JSON.stringify(str(r.operator))}, Values:${Array.isArray(r.values) ? String(goStringSlice(r.values as string[])) : '[]string(nil)'}}`).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return goRepr(`v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`);
}
