#!/usr/bin/env node
// Copies non-TypeScript assets (e.g. .proto files, generated OpenAPI JSON) from src/ into dist/src/.
import { cpSync, existsSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
const exts = ['.proto', '.json'];
function walk(dir) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (exts.some((x) => e.endsWith(x))) {
      const dest = join('dist', p);
      mkdirSync(dirname(dest), { recursive: true });
      cpSync(p, dest);
    }
  }
}
if (existsSync('src')) walk('src');
