import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { backendConformance } from '../conformance.js';
import { createSqliteBackend } from './sqlite.js';

const dir = fs.mkdtempSync(os.tmpdir() + '/skiff-store-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

backendConformance('sqlite', async () => {
  const b = createSqliteBackend({ path: `${dir}/conformance-${n++}.db` });
  await b.start();
  return b;
});
