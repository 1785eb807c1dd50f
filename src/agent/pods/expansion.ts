// Kubernetes' `$(VAR)` expansion (third_party/forked/golang/expansion), written from its documented rules:
// `$(NAME)` is replaced when NAME is known and left verbatim otherwise; `$$` is an escaped `$` (so `$$(X)` yields
// the literal `$(X)`); a `$` followed by anything else, or an unterminated `$(`, is kept as written.

/** Expands `input` with `lookup`; names `lookup` does not know are left as `$(NAME)`. */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch !== '$' || i + 1 >= input.length) {
      out += ch;
      i++;
      continue;
    }
    const next = input[i + 1]!;
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i += 2;
      } else {
        const name = input.slice(i + 2, close);
        out += lookup(name) ?? `$(${name})`;
        i = close + 1;
      }
    } else {
      out += '$' + next;
      i += 2;
    }
  }
  return out;
}

/** A lookup over several maps, first match wins (expansion.MappingFuncFor). */
export function lookupIn(...maps: ReadonlyMap<string, string>[]): (name: string) => string | undefined {
  return (name) => {
    for (const m of maps) if (m.has(name)) return m.get(name);
    return undefined;
  };
}
