// Label selectors: the string syntax of `?labelSelector=` (k8s.io/apimachinery/pkg/labels.Parse), the structured
// metav1.LabelSelector (matchLabels + matchExpressions), matching, and the canonical string form
// (what `status.selector` of /scale and `kubectl get -o wide` print). Parse errors carry apimachinery's exact text
// and are thrown as 400 BadRequest, which is how the API server reports a bad `labelSelector` parameter.
import type { LabelSelector as MetaLabelSelector } from '../../api/types.js';
import { ApiError, badRequest, type FieldError, fieldErr } from '../errors.js';
import { isValidLabelValue, validateQualifiedName } from './validation.js';
import { tokenize, type Token } from './label-lexer.js';

/** apimachinery selection.Operator spellings. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Sorted and de-duplicated, as Go's sets.String.List() leaves them. */
  values: string[];
}

/** The internal form: AND of requirements. No requirements matches everything; `nothing` matches nothing. */
export interface LabelSelector {
  requirements: LabelRequirement[];
  nothing?: boolean;
}

export const everything = (): LabelSelector => ({ requirements: [] });
export const nothing = (): LabelSelector => ({ requirements: [], nothing: true });

const BINARY_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

/** Go's %q / %#v of the values the parser reports. */
function goValue(v: string | string[]): string {
  return typeof v === 'string' ? JSON.stringify(v) : `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
}

function invalid(path: string, value: string | string[], detail: string): string {
  return `${path}: Invalid value: ${goValue(value)}: ${detail}`;
}

function aggregate(msgs: string[]): string | undefined {
  const uniq = [...new Set(msgs)];
  if (uniq.length === 0) return undefined;
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
}

function keyProblem(key: string, path: string): string | undefined {
  const errs = validateQualifiedName(key);
  return errs.length ? invalid(path, key, errs.join('; ')) : undefined;
}

/**
 * labels.NewRequirement: validates and normalizes one requirement; returns an error string or the requirement.
 * `path` is the field path prefix ('' gives Go's nil path, printed `<nil>` for the key).
 */
export function newRequirement(key: string, operator: LabelOperator, values: string[], path = ''): LabelRequirement | string {
  const at = (child: string) => (path ? `${path}.${child}` : child);
  const errs: string[] = [];
  const k = keyProblem(key, at('key'));
  if (k) errs.push(k);
  switch (operator) {
    case 'in': case 'notin':
      if (values.length === 0) errs.push(invalid(at('values'), values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=': case '==': case '!=':
      if (values.length !== 1) errs.push(invalid(at('values'), values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists': case '!':
      if (values.length !== 0) errs.push(invalid(at('values'), values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt': case 'lt':
      if (values.length !== 1) errs.push(invalid(at('values'), values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (!/^[+-]?[0-9]+$/.test(v) || !Number.isSafeInteger(Number(v))) errs.push(invalid(`${at('values')}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(`${at('operator')}: Unsupported value: ${JSON.stringify(operator)}: supported values: ${[...BINARY_OPERATORS, 'exists', '!'].map((o) => JSON.stringify(o)).join(', ')}`);
  }
  values.forEach((v, i) => {
    const problems = isValidLabelValue(v);
    if (problems.length) errs.push(invalid(`${at('values')}[${i}][${key}]`, v, problems.join('; ')));
  });
  const msg = aggregate(errs);
  return msg ?? { key, operator, values: [...values] };
}

class Parser {
  private pos = 0;
  constructor(private readonly items: Token[]) {}
  /** In the Values context the keywords `in`/`notin` are plain identifiers. */
  private view(t: Token, values: boolean): Token {
    return values && (t.kind === 'in' || t.kind === 'notin') ? { kind: 'id', lit: t.lit } : t;
  }
  lookahead(values = true): Token { return this.view(this.items[this.pos]!, values); }
  consume(values = true): Token { return this.view(this.items[this.pos++]!, values); }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const t = this.lookahead();
      if (t.kind === 'id' || t.kind === '!') {
        let r: LabelRequirement | string;
        try { r = this.requirement(); } catch (e) { r = (e as Error).message; }
        if (typeof r === 'string') throw new Error(`unable to parse requirement: ${r}`);
        reqs.push(r);
        const n = this.consume();
        if (n.kind === 'eos') return reqs;
        if (n.kind === ',') {
          const n2 = this.lookahead();
          if (n2.kind !== 'id' && n2.kind !== '!') throw new Error(`found '${n2.lit}', expected: identifier after ','`);
          continue;
        }
        throw new Error(`found '${n.lit}', expected: ',' or 'end of string'`);
      }
      if (t.kind === 'eos') return reqs;
      throw new Error(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
    }
  }

  private requirement(): LabelRequirement | string {
    let op: LabelOperator | undefined;
    let t = this.consume();
    if (t.kind === '!') { op = '!'; t = this.consume(); }
    if (t.kind !== 'id') throw new Error(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const k = keyProblem(key, '<nil>');
    if (k) return k;
    const next = this.lookahead().kind;
    // `!k` is complete by itself; whatever follows is then reported by parse() (`found '=', expected: ...`).
    if (op === '!') return newRequirement(key, '!', []);
    if (next === 'eos' || next === ',') return newRequirement(key, 'exists', []);
    const o = this.consume(false);
    const binary: Partial<Record<Token['kind'], LabelOperator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };
    const operator = binary[o.kind];
    if (!operator) throw new Error(`found '${o.lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    const values = operator === 'in' || operator === 'notin' ? this.setValues() : this.exactValue();
    return newRequirement(key, operator, [...new Set(values)].sort());
  }

  private setValues(): string[] {
    const open = this.consume();
    if (open.kind !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const t = this.lookahead();
    if (t.kind === ')') { this.consume(); return ['']; }
    if (t.kind !== 'id' && t.kind !== ',') throw new Error(`found '${t.lit}', expected: ',', ')' or identifier`);
    const s = this.identifiers();
    if (this.consume().kind !== ')') throw new Error(`found '${t.lit}', expected: ')'`);
    return s;
  }

  private identifiers(): string[] {
    const s = new Set<string>();
    for (;;) {
      const t = this.consume();
      if (t.kind === 'id') {
        s.add(t.lit);
        const n = this.lookahead();
        if (n.kind === ',') continue;
        if (n.kind === ')') return [...s];
        throw new Error(`found '${n.lit}', expected: ',' or ')'`);
      }
      if (t.kind === ',') {
        if (s.size === 0) s.add('');
        const n = this.lookahead();
        if (n.kind === ')') { s.add(''); return [...s]; }
        if (n.kind === ',') s.add('');
        continue;
      }
      throw new Error(`found '${t.lit}', expected: ',', or identifier`);
    }
  }

  private exactValue(): string[] {
    const t = this.lookahead();
    if (t.kind === 'eos' || t.kind === ',') return [''];
    const v = this.consume();
    if (v.kind === 'id') return [v.lit];
    throw new Error(`found '${v.lit}', expected: identifier`);
  }
}

const byKey = (a: LabelRequirement, b: LabelRequirement) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Parses `?labelSelector=`. Throws a 400 BadRequest ApiError with apimachinery's message on bad input. */
export function parseLabelSelector(s: string): LabelSelector {
  try {
    const reqs = new Parser(tokenize(s)).parse();
    return { requirements: reqs.sort(byKey) };
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw badRequest((e as Error).message);
  }
}

function matchesRequirement(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const val = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case 'in': case '=': case '==': return has && r.values.includes(val!);
    case 'notin': case '!=': return !has || !r.values.includes(val!);
    case 'exists': return has;
    case '!': return !has;
    case 'gt': case 'lt': {
      if (!has || !/^[+-]?[0-9]+$/.test(val!) || r.values.length !== 1) return false;
      const lv = BigInt(val!);
      const rv = BigInt(r.values[0]!);
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

export function matchesLabels(sel: LabelSelector, labels: Record<string, string> | undefined | null): boolean {
  if (sel.nothing) return false;
  const l = labels ?? {};
  return sel.requirements.every((r) => matchesRequirement(r, l));
}

export function isEverything(sel: LabelSelector): boolean {
  return !sel.nothing && sel.requirements.length === 0;
}

/**
 * metav1.LabelSelectorAsSelector: nil → nothing, empty → everything. Throws a 400 BadRequest with apimachinery's
 * message for an invalid selector (use validateLabelSelector for field errors on create/update).
 */
export function labelSelectorFromObject(ps: MetaLabelSelector | undefined | null): LabelSelector {
  if (ps === undefined || ps === null) return nothing();
  const reqs: LabelRequirement[] = [];
  const add = (r: LabelRequirement | string) => {
    if (typeof r === 'string') throw badRequest(r);
    reqs.push(r);
  };
  for (const k of Object.keys(ps.matchLabels ?? {})) add(newRequirement(k, '=', [ps.matchLabels![k]!]));
  for (const expr of ps.matchExpressions ?? []) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const)[expr.operator as 'In'];
    if (!op) throw badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    add(newRequirement(expr.key, op, [...(expr.values ?? [])]));
  }
  return { requirements: reqs.sort(byKey) };
}

function requirementString(r: LabelRequirement): string {
  const prefix = r.operator === '!' ? '!' : '';
  const ops: Record<LabelOperator, string> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<', exists: '', '!': '' };
  if (r.operator === 'exists' || r.operator === '!') return `${prefix}${r.key}`;
  const vals = r.values.length === 1 ? r.values[0]! : [...r.values].sort().join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${r.key}${ops[r.operator]}(${vals})` : `${r.key}${ops[r.operator]}${vals}`;
}

/** Canonical string form (labels.Selector.String()): `app=web,tier in (a,b)`. Nothing/everything print as ''. */
export function selectorToString(sel: LabelSelector): string {
  return sel.requirements.map(requirementString).join(',');
}

/** metav1.FormatLabelSelector, as tables print selectors: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(ps: MetaLabelSelector | undefined | null): string {
  let s: string;
  try { s = selectorToString(labelSelectorFromObject(ps)); } catch { return '<error>'; }
  return s.length === 0 ? '<none>' : s;
}

/** labels.FormatLabels: `a=b,c=d` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** metav1 validation.ValidateLabelSelector: field errors for create/update validation. */
export function validateLabelSelector(ps: MetaLabelSelector | undefined | null, fieldPath: string): FieldError[] {
  if (!ps) return [];
  const errs: FieldError[] = [];
  for (const k of Object.keys(ps.matchLabels ?? {}).sort()) {
    const v = ps.matchLabels![k]!;
    for (const m of validateQualifiedName(k)) errs.push(fieldErr.invalid(`${fieldPath}.matchLabels`, k, m));
    for (const m of isValidLabelValue(v)) errs.push(fieldErr.invalid(`${fieldPath}.matchLabels`, v, m));
  }
  (ps.matchExpressions ?? []).forEach((sr, i) => {
    const p = `${fieldPath}.matchExpressions[${i}]`;
    const vals = sr.values ?? [];
    if (sr.operator === 'In' || sr.operator === 'NotIn') {
      if (vals.length === 0) errs.push(fieldErr.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (sr.operator === 'Exists' || sr.operator === 'DoesNotExist') {
      if (vals.length > 0) errs.push(fieldErr.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(fieldErr.invalid(`${p}.operator`, sr.operator, 'not a valid selector operator'));
    }
    for (const m of validateQualifiedName(sr.key)) errs.push(fieldErr.invalid(`${p}.key`, sr.key, m));
    vals.forEach((v, j) => { for (const m of isValidLabelValue(v)) errs.push(fieldErr.invalid(`${p}.values[${j}]`, v, m)); });
  });
  return errs;
}
