// Key ordering shared by every backend. Keys sort by Unicode code point, which is the byte order of their UTF-8
// encoding: what SQLite's BINARY collation and etcd use. JavaScript's `<` compares UTF-16 code units instead, which
// differs only between astral characters (surrogate pairs) and U+E000..U+FFFF.

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b` in code-point order. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = isSurrogate(x);
    if (sx === isSurrogate(y)) return x - y;
    // A surrogate encodes a code point ≥ U+10000, above every BMP character.
    return sx ? 1 : -1;
  }
  return a.length - b.length;
}

/**
 * The smallest key greater than every key that starts with `prefix` (exclusive upper bound of the prefix range),
 * or undefined when there is none (empty prefix, or a prefix made only of U+10FFFF).
 */
export function prefixEnd(prefix: string): string | undefined {
  const cps = Array.from(prefix, (ch) => ch.codePointAt(0)!);
  while (cps.length) {
    const last = cps.pop()!;
    if (last === 0x10ffff) continue;
    cps.push(last === 0xd7ff ? 0xe000 : last + 1);
    return String.fromCodePoint(...cps);
  }
  return undefined;
}
