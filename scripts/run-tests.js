#!/usr/bin/env node
// Runs every compiled test file with node's test runner: unit tests (dist/src/**/*.test.js) first, then the
// end-to-end tests (dist/test/e2e/**/*.test.js). `--unit` runs only the unit tests; extra args filter by path substring.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir) {
  let out = [];
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(find(p));
    else if (e.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));
let files = find('dist/src');
if (!unitOnly) files = files.concat(find('dist/test'));
// only tests whose TypeScript source still exists (dist/ may hold stale output of deleted files)
files = files.filter((f) => existsSync(f.replace(/^dist\//, '').replace(/\.js$/, '.ts')));
if (filters.length) files = files.filter((f) => filters.some((s) => f.includes(s)));
if (!files.length) { console.error('no test files found'); process.exit(1); }
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
