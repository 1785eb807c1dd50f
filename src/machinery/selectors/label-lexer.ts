// The label selector lexer (apimachinery labels.Lexer): identifiers run until whitespace or one of `=!(),><`;
// operator symbols are matched greedily against the known operator spellings.

export type TokenKind = 'id' | 'eos' | 'error' | '!' | '!=' | '=' | '==' | '>' | '<' | 'in' | 'notin' | '(' | ')' | ',';
export interface Token { kind: TokenKind; lit: string }

const SYMBOLS: Record<string, TokenKind> = { '!': '!', '!=': '!=', '=': '=', '==': '==', '>': '>', '<': '<', '(': '(', ')': ')', ',': ',' };
const KEYWORDS: Record<string, TokenKind> = { in: 'in', notin: 'notin' };

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && isWhitespace(s[i]!)) i++;
    if (i >= s.length) { out.push({ kind: 'eos', lit: '' }); return out; }
    if (isSpecial(s[i]!)) {
      let buf = '';
      let last: Token | undefined;
      while (i < s.length && isSpecial(s[i]!)) {
        buf += s[i];
        const k = SYMBOLS[buf];
        if (k) { last = { kind: k, lit: buf }; i++; }
        else if (last) break;
        else i++;
      }
      out.push(last ?? { kind: 'error', lit: `error expected: keyword found '${buf}'` });
      continue;
    }
    let buf = '';
    while (i < s.length && !isSpecial(s[i]!) && !isWhitespace(s[i]!)) buf += s[i++];
    out.push({ kind: KEYWORDS[buf] ?? 'id', lit: buf });
  }
}
