import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  QUANTITY_FORMAT_ERROR, QUANTITY_NUMERIC_ERROR, QUANTITY_SUFFIX_ERROR, addQuantity, canonicalQuantity, compareQuantity,
  parseQuantity, quantityFromMilli, subQuantity, toInt, toMilli,
} from './quantity.js';

test('canonicalQuantity renders what the API server writes back', () => {
  const cases: [string, string][] = [
    ['100m', '100m'], ['0.5', '500m'], ['0.1', '100m'], ['1', '1'], ['1000', '1k'], ['1500', '1500'], ['1.5k', '1500'],
    ['1e3', '1e3'], ['1E3', '1e3'], ['1.5e3', '1500'], ['1Gi', '1Gi'], ['1024Mi', '1Gi'], ['1536Mi', '1536Mi'],
    ['2.5Gi', '2560Mi'], ['0.5Gi', '512Mi'], ['512', '512'], ['1Ki', '1Ki'], ['100Ki', '100Ki'], ['0.5Ki', '512'],
    ['1.1n', '2n'], ['0.0000000001', '1n'], ['-100m', '-100m'], ['+5', '5'], ['0', '0'], ['0Gi', '0'], ['128974848', '128974848'],
    ['129e6', '129e6'], ['129M', '129M'], ['123Mi', '123Mi'], ['1.', '1'], ['.5', '500m'], ['10G', '10G'],
  ];
  for (const [input, want] of cases) assert.equal(canonicalQuantity(input), want, input);
});

test('parseQuantity rejects malformed input with apimachinery messages', () => {
  assert.throws(() => parseQuantity(''), { message: QUANTITY_FORMAT_ERROR });
  assert.throws(() => parseQuantity('abc'), { message: QUANTITY_FORMAT_ERROR });
  assert.throws(() => parseQuantity('1 Gi'), { message: QUANTITY_FORMAT_ERROR });
  assert.throws(() => parseQuantity('1.2.3'), { message: QUANTITY_NUMERIC_ERROR });
  assert.throws(() => parseQuantity('1Gb'), { message: QUANTITY_FORMAT_ERROR });
  assert.throws(() => parseQuantity('1KiB'), { message: QUANTITY_FORMAT_ERROR });
  assert.throws(() => parseQuantity('1ki'), { message: QUANTITY_SUFFIX_ERROR });
  assert.equal(QUANTITY_FORMAT_ERROR, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
});

test('compare, add, subtract and milli-units are exact', () => {
  assert.equal(compareQuantity(parseQuantity('1Gi'), parseQuantity('1073741824')), 0);
  assert.equal(compareQuantity(parseQuantity('500m'), parseQuantity('0.6')), -1);
  assert.equal(compareQuantity(parseQuantity('2'), parseQuantity('1999m')), 1);
  assert.equal(canonicalQuantity('1') , '1');
  assert.equal(toMilli(addQuantity(parseQuantity('250m'), parseQuantity('1.5'))), 1750n);
  assert.equal(toMilli(subQuantity(parseQuantity('1'), parseQuantity('250m'))), 750n);
  assert.equal(toMilli(parseQuantity('1n')), 1n, 'MilliValue rounds up');
  assert.equal(toInt(parseQuantity('1500m')), 2n, 'Value rounds up');
  assert.equal(toInt(parseQuantity('1Ki')), 1024n);
  assert.equal(toMilli(quantityFromMilli(1234)), 1234n);
});
