import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronScheduleError, isValidTimeZone } from './cron.js';

test('cronScheduleError accepts standard schedules and descriptors', () => {
  for (const s of ['*/5 * * * *', '0 0 * * MON-FRI', '15 3 1,15 jan-jun *', '@hourly', '@every 1h30m']) assert.equal(cronScheduleError(s), undefined, s);
});

test('cronScheduleError gives robfig/cron messages', () => {
  const cases: [string, string][] = [
    ['foo', 'expected exactly 5 fields, found 1: [foo]'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
  ];
  for (const [s, want] of cases) assert.equal(cronScheduleError(s), want, s);
});

test('isValidTimeZone knows IANA names and refuses Local', () => {
  assert.equal(isValidTimeZone('Europe/Berlin'), true);
  assert.equal(isValidTimeZone('Mars/Olympus'), false);
  assert.equal(isValidTimeZone('Local'), false);
});
