#!/usr/bin/env node
// `npm run bench -- <name> [options]`: runs the compiled benchmark dist/bench/<name>.js (b3, b4, b5, …) with the
// remaining options (see bench/README.md: --runs N, --quick, --bin FILE, --out DIR, --server-node-arg ARG).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const dir = join('dist', 'bench');
const available = existsSync(dir) ? readdirSync(dir).filter((f) => /^b\d+\.js$/.test(f)).map((f) => f.slice(0, -3)).sort() : [];
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name.toLowerCase())) {
  console.error(`usage: npm run bench -- <${available.join('|') || 'name'}> [--runs N] [--quick]${name ? `\nunknown benchmark: ${name}` : ''}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, [join(dir, `${name.toLowerCase()}.js`), ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);
