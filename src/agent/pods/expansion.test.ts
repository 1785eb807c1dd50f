import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand, lookupIn } from './expansion.js';

const vars = lookupIn(new Map([['VAR_A', 'A'], ['VAR_B', 'B'], ['EMPTY', '']]));

test('expand follows the kubelet rules', () => {
  const cases: [string, string][] = [
    ['$(VAR_A)', 'A'],
    ['___$(VAR_A)___', '___A___'],
    ['$(VAR_A)-$(VAR_B)', 'A-B'],
    ['$(UNKNOWN)', '$(UNKNOWN)'],
    ['$(EMPTY)x', 'x'],
    ['$$(VAR_A)', '$(VAR_A)'],
    ['$$$(VAR_A)', '$A'],
    ['$$$$(VAR_A)', '$$(VAR_A)'],
    ['$$', '$'],
    ['$', '$'],
    ['x$', 'x$'],
    ['$(VAR_A', '$(VAR_A'],
    ['$VAR_A', '$VAR_A'],
    ['$()', '$()'],
    ['(VAR_A)', '(VAR_A)'],
    ['$(VAR_A)$(VAR_A', 'A$(VAR_A'],
  ];
  for (const [input, want] of cases) assert.equal(expand(input, vars), want, input);
});
