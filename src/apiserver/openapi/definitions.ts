// Loads the built-in definitions the build generated (scripts/gen-openapi.ts) from `generated/definitions.json`
// beside this module. When the file is absent (a dev build into another outDir), it generates them in-process
// from the kubernetes-types declarations, which needs the `typescript` dev dependency (about two seconds).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Definitions, GeneratedDefinitions } from './schema.js';
import { generateDefinitions, resolveNear } from './gen/tsgen.js';

export const DEFINITIONS_FILE = 'definitions.json';

let cached: Definitions | undefined;

/** The generated file's path for a compiled module at `moduleUrl`. */
export function definitionsPath(moduleUrl: string = import.meta.url): string {
  return join(dirname(fileURLToPath(moduleUrl)), 'generated', DEFINITIONS_FILE);
}

/** Built-in definitions, loaded once: the generated file, else generated now. */
export function builtinDefinitions(): Definitions {
  if (cached) return cached;
  const file = definitionsPath();
  if (existsSync(file)) {
    cached = (JSON.parse(readFileSync(file, 'utf8')) as GeneratedDefinitions).definitions;
    return cached;
  }
  let typesRoot: string;
  try {
    typesRoot = dirname(resolveNear('kubernetes-types/package.json'));
  } catch {
    throw new Error(`Cannot load OpenAPI definitions: ${file} is missing and kubernetes-types is not installed; run npm run build`);
  }
  cached = generateDefinitions(typesRoot);
  return cached;
}
