import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import {
  formatLabelSelector, formatLabels, labelSelectorFromObject, matchesLabels, parseLabelSelector, selectorToString, validateLabelSelector,
} from './labels.js';
import { fieldErrorMessage } from '../errors.js';

test('parseLabelSelector accepts every operator and canonicalizes', () => {
  const cases: [string, string][] = [
    ['app=web', 'app=web'], ['app==web', 'app==web'], ['tier!=db', 'tier!=db'], ['app in (web, foo)', 'app in (foo,web)'],
    ['app notin (a,b)', 'app notin (a,b)'], ['app', 'app'], ['!app', '!app'], ['n>5', 'n>5'], ['n<5', 'n<5'],
    ['  tier!=db ,app in (web,foo)', 'app in (foo,web),tier!=db'], ['app=', 'app='], ['a in ()', 'a in ()'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'], ['in in (in)', 'in in (in)'],
    ['example.com/app=web', 'example.com/app=web'], ['', ''],
  ];
  for (const [input, want] of cases) assert.equal(selectorToString(parseLabelSelector(input)), want, input);
});

test('parseLabelSelector fails with apimachinery messages as 400 BadRequest', () => {
  const cases: [string, string | RegExp][] = [
    ['app=(', "unable to parse requirement: found '(', expected: identifier"],
    ['app in web', "unable to parse requirement: found 'web' expected: '('"],
    ['app in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['app=web,', "found '', expected: identifier after ','"],
    ['app=web tier=db', "found 'tier', expected: ',' or 'end of string'"],
    ['=web', "found '=', expected: !, identifier, or 'end of string'"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['!app=web', "found '=', expected: ',' or 'end of string'"],
    ['n>abc', 'unable to parse requirement: values[0]: Invalid value: "abc": for \'Gt\', \'Lt\' operators, the value must be an integer'],
    ['bad_key_=x', /^unable to parse requirement: <nil>: Invalid value: "bad_key_": name part must consist of alphanumeric characters/],
    ['app=-web', /^unable to parse requirement: values\[0\]\[app\]: Invalid value: "-web": a valid label must be an empty string/],
  ];
  for (const [input, want] of cases) {
    assert.throws(() => parseLabelSelector(input), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 400);
      assert.equal(e.reason, 'BadRequest');
      if (typeof want === 'string') assert.equal(e.message, want, input); else assert.match(e.message, want, input);
      return true;
    });
  }
});

test('matchesLabels follows Requirement.Matches', () => {
  const l = { app: 'web', tier: 'fe', n: '7' };
  const yes = ['app=web', 'app in (web,x)', 'tier!=db', 'missing!=x', 'x notin (a)', 'app', '!missing', 'n>5', 'n<10', ''];
  const no = ['app=db', 'app notin (web)', 'missing', '!app', 'n>7', 'app>1', 'missing in (a)', 'n<5'];
  for (const s of yes) assert.equal(matchesLabels(parseLabelSelector(s), l), true, s);
  for (const s of no) assert.equal(matchesLabels(parseLabelSelector(s), l), false, s);
  assert.equal(matchesLabels(parseLabelSelector('app!=web'), undefined), true);
});

test('labelSelectorFromObject converts metav1.LabelSelector', () => {
  const sel = labelSelectorFromObject({ matchLabels: { tier: 'fe', app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod', 'dev'] }, { key: 'gpu', operator: 'Exists' }] });
  assert.equal(selectorToString(sel), 'app=web,env notin (dev,prod),gpu,tier=fe');
  assert.equal(matchesLabels(sel, { app: 'web', tier: 'fe', gpu: '' }), true);
  assert.equal(matchesLabels(labelSelectorFromObject(undefined), {}), false, 'nil selects nothing');
  assert.equal(matchesLabels(labelSelectorFromObject({}), { a: 'b' }), true, 'empty selects everything');
  assert.throws(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }), { message: '"Gt" is not a valid label selector operator' });
  assert.throws(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In' }] }), { message: 'values: Invalid value: []string{}: for \'in\', \'notin\' operators, values set can\'t be empty' });
});

test('formatLabelSelector and formatLabels print like the tables do', () => {
  assert.equal(formatLabelSelector({ matchLabels: { app: 'web' } }), 'app=web');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), '<error>');
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
  assert.equal(formatLabels({}), '<none>');
});

test('validateLabelSelector gives registry field errors', () => {
  const errs = validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In' }, { key: 'b', operator: 'Exists', values: ['x'] }, { key: 'c', operator: 'Gt' }] }, 'spec.selector');
  assert.deepEqual(errs.map(fieldErrorMessage), [
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    'spec.selector.matchExpressions[2].operator: Invalid value: "Gt": not a valid selector operator',
  ]);
});
