import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageSince, humanDuration, shortHumanDuration } from './duration.js';

const s = 1000, m = 60 * s, h = 60 * m, d = 24 * h;

test('humanDuration matches apimachinery duration.HumanDuration', () => {
  const cases: [number, string][] = [
    [-2 * s, '<invalid>'], [-1500, '0s'], [0, '0s'], [5 * s, '5s'], [119 * s, '119s'], [2 * m, '2m'],
    [3 * m + 20 * s, '3m20s'], [9 * m + 59 * s, '9m59s'], [10 * m + 30 * s, '10m'], [179 * m, '179m'],
    [3 * h, '3h'], [3 * h + 5 * m, '3h5m'], [8 * h + 30 * m, '8h'], [47 * h, '47h'], [2 * d, '2d'],
    [2 * d + 3 * h, '2d3h'], [8 * d + 3 * h, '8d'], [729 * d, '729d'], [730 * d, '2y'], [3 * 365 * d + 10 * d, '3y10d'],
    [9 * 365 * d + 10 * d, '9y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `humanDuration(${ms})`);
});

test('shortHumanDuration uses a single unit', () => {
  const cases: [number, string][] = [[-5 * s, '<invalid>'], [59 * s, '59s'], [90 * s, '1m'], [2 * h + 5 * m, '2h'], [3 * d, '3d'], [400 * d, '1y']];
  for (const [ms, want] of cases) assert.equal(shortHumanDuration(ms), want);
});

test('ageSince renders RFC 3339 timestamps and <unknown>', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  assert.equal(ageSince('2024-05-01T11:55:00Z', now), '5m');
  assert.equal(ageSince(undefined, now), '<unknown>');
  assert.equal(ageSince('garbage', now), '<unknown>');
});
