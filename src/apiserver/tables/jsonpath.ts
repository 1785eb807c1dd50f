// The small JSONPath subset CRD additionalPrinterColumns use: `.spec.replicas`, `.items[0]`, `['a.b']`, `[*]`,
// and filters `[?(@.type=="Ready")]` (==, !=, or bare existence). Returns every match, in document order.

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; path: Step[]; op?: '==' | '!='; value?: unknown };

export class JSONPathError extends Error {}

function parseFieldPath(s: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      i++;
      let name = '';
      while (i < s.length && s[i] !== '.' && s[i] !== '[') {
        if (s[i] === '\\' && i + 1 < s.length) { name += s[i + 1]; i += 2; continue; }
        name += s[i++];
      }
      if (name === '*') steps.push({ kind: 'wildcard' });
      else if (name) steps.push({ kind: 'field', name });
    } else if (c === '[') {
      const close = findClose(s, i);
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(') && inner.endsWith(')')) steps.push(parseFilter(inner.slice(2, -1).trim()));
      else throw new JSONPathError(`unsupported JSONPath subscript: [${inner}]`);
    } else if (c === '$' || c === '@') {
      i++;
    } else {
      // A leading bare name, e.g. `spec.replicas`.
      steps.push(...parseFieldPath(`.${s.slice(i)}`));
      break;
    }
  }
  return steps;
}

function findClose(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JSONPathError(`unclosed [ in JSONPath: ${s}`);
}

function parseFilter(expr: string): Step {
  const m = /^@((?:\.[^=!<>\s]+|\[[^\]]*\])*)\s*(?:(==|!=)\s*(.+))?$/.exec(expr);
  if (!m) throw new JSONPathError(`unsupported JSONPath filter: ${expr}`);
  const path = parseFieldPath(m[1] ?? '');
  if (!m[2]) return { kind: 'filter', path };
  const raw = m[3]!.trim();
  let value: unknown;
  if (/^'.*'$|^".*"$/.test(raw)) value = raw.slice(1, -1);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  else if (!Number.isNaN(Number(raw))) value = Number(raw);
  else value = raw;
  return { kind: 'filter', path, op: m[2] as '==' | '!=', value };
}

function apply(steps: Step[], roots: unknown[]): unknown[] {
  let cur = roots;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (v === null || v === undefined) continue;
      switch (step.kind) {
        case 'field':
          if (typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, step.name)) next.push((v as Record<string, unknown>)[step.name]);
          break;
        case 'index':
          if (Array.isArray(v)) { const i = step.index < 0 ? v.length + step.index : step.index; if (i >= 0 && i < v.length) next.push(v[i]); }
          break;
        case 'wildcard':
          if (Array.isArray(v)) next.push(...v); else if (typeof v === 'object') next.push(...Object.values(v as object));
          break;
        case 'filter': {
          const items = Array.isArray(v) ? v : [v];
          for (const item of items) {
            const found = apply(step.path, [item]);
            if (!step.op) { if (found.length > 0) next.push(item); continue; }
            const eq = found.some((f) => f === step.value || (typeof f !== 'object' && String(f) === String(step.value)));
            if (step.op === '==' ? eq : !eq) next.push(item);
          }
          break;
        }
      }
    }
    cur = next;
  }
  return cur;
}

/** Compiles a printer-column JSONPath (with or without surrounding `{}`). Throws JSONPathError on unsupported syntax. */
export function compileJSONPath(path: string): (obj: unknown) => unknown[] {
  const p = path.trim().replace(/^\{(.*)\}$/s, '$1');
  const steps = parseFieldPath(p);
  return (obj) => apply(steps, [obj]);
}
