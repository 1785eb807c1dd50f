// Build step: generate the OpenAPI definitions of every built-in kind from the kubernetes-types declarations and
// write them beside the compiled openapi module, where src/apiserver/openapi/definitions.ts loads them.
// Usage: node dist/scripts/gen-openapi.js [--out <dir>]   (default: dist/src/apiserver/openapi/generated)
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { generateDefinitions, typesVersion } from '../src/apiserver/openapi/gen/tsgen.js';
import { DEFINITIONS_FILE } from '../src/apiserver/openapi/definitions.js';

function main(argv: string[]): void {
  const i = argv.indexOf('--out');
  const outDir = i >= 0 ? argv[i + 1] : join('dist', 'src', 'apiserver', 'openapi', 'generated');
  const typesRoot = dirname(createRequire(join(process.cwd(), 'package.json')).resolve('kubernetes-types/package.json'));
  const definitions = generateDefinitions(typesRoot);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, DEFINITIONS_FILE);
  writeFileSync(file, JSON.stringify({ source: typesVersion(typesRoot), definitions }));
  process.stdout.write(`gen-openapi: wrote ${Object.keys(definitions).length} definitions to ${file}\n`);
}

main(process.argv.slice(2));
