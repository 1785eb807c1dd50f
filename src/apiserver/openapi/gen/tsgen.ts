// Build-time generator: reads the `kubernetes-types` declarations with the TypeScript compiler API and produces
// OpenAPI (v2-style) definitions named like Kubernetes' own (`io.k8s.api.apps.v1.Deployment`). Only the build
// script and tests import this file; the server loads the JSON it produces.
import type * as TS from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import type { Definitions, GVKRef, Schema } from '../schema.js';
import { V2_REF_PREFIX } from '../schema.js';
import { isByteField, numberFormat } from './formats.js';
import { PATCH_META } from './patchmeta.js';

/** The compiler module, loaded with require so that a synchronous caller can generate (typescript is CommonJS). */
let ts: typeof TS;

/** Requires `name` from this module's location, else from the working directory's project. */
export function requireNear(name: string): unknown {
  return createRequire(resolveNear(name))(name);
}

/** Resolves `name` from this module's location, else from the working directory's project. */
export function resolveNear(name: string): string {
  try {
    return createRequire(import.meta.url).resolve(name);
  } catch {
    return createRequire(join(process.cwd(), 'package.json')).resolve(name);
  }
}

export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** `apps/v1` (a declaration file's module path inside kubernetes-types) → the Go package prefix of its definitions. */
export function packagePrefix(modulePath: string): string {
  switch (modulePath) {
    case 'meta/v1': return 'io.k8s.apimachinery.pkg.apis.meta.v1';
    case 'api/resource': return 'io.k8s.apimachinery.pkg.api.resource';
    case 'runtime': return 'io.k8s.apimachinery.pkg.runtime';
    case 'version': return 'io.k8s.apimachinery.pkg.version';
    case 'apiextensions/v1': return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
    default: return `io.k8s.api.${modulePath.replace(/\//g, '.')}`;
  }
}

/** Definitions whose shape is not an interface in the declarations (aliases of string, unions). */
function specialDefinition(name: string, description: string): Schema | undefined {
  const d = description ? { description } : {};
  switch (name) {
    case 'io.k8s.apimachinery.pkg.api.resource.Quantity': return { ...d, type: 'string' };
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.Time':
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': return { ...d, type: 'string', format: 'date-time' };
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1':
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch':
    case 'io.k8s.apimachinery.pkg.runtime.RawExtension': return { ...d, type: 'object' };
    case 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': return d;  // any JSON value
    default: return undefined;
  }
}

const INT_OR_STRING_SCHEMA: Schema = {
  description: 'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
  type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true,
};

function listDeclarationFiles(root: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(root)) {
    const p = join(root, e);
    if (e === 'node_modules') continue;
    if (statSync(p).isDirectory()) out.push(...listDeclarationFiles(p));
    else if (e.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

interface Ctx { checker: TS.TypeChecker; root: string }

/** The definition name of the interface or alias a symbol resolves to. */
function declName(ctx: Ctx, decl: TS.Declaration): string | undefined {
  const file = decl.getSourceFile().fileName;
  const mod = relative(ctx.root, file).replace(/\.d\.ts$/, '').split(sep).join('/');
  const n = (decl as TS.InterfaceDeclaration | TS.TypeAliasDeclaration).name;
  return n ? `${packagePrefix(mod)}.${n.text}` : undefined;
}

function refTo(ctx: Ctx, node: TS.TypeReferenceNode): string | undefined {
  let sym = ctx.checker.getSymbolAtLocation(node.typeName);
  if (!sym) return undefined;
  if (sym.flags & ts.SymbolFlags.Alias) sym = ctx.checker.getAliasedSymbol(sym);
  const decl = sym.declarations?.[0];
  return decl ? declName(ctx, decl) : undefined;
}

function docOf(ctx: Ctx, node: TS.NamedDeclaration): string {
  const sym = node.name ? ctx.checker.getSymbolAtLocation(node.name) : undefined;
  return sym ? ts.displayPartsToString(sym.getDocumentationComment(ctx.checker)).trim() : '';
}

/** Schema for one TypeScript type node, as found on field `field` of Go struct `owner`. */
function typeSchema(ctx: Ctx, node: TS.TypeNode, owner: string, field: string): Schema {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return isByteField(owner, field) ? { type: 'string', format: 'byte' } : { type: 'string' };
    case ts.SyntaxKind.NumberKeyword: return { ...numberFormat(owner, field) };
    case ts.SyntaxKind.BooleanKeyword: return { type: 'boolean' };
    case ts.SyntaxKind.LiteralType: {
      const lit = (node as TS.LiteralTypeNode).literal;
      return lit.kind === ts.SyntaxKind.TrueKeyword || lit.kind === ts.SyntaxKind.FalseKeyword ? { type: 'boolean' } : { type: 'string' };
    }
    case ts.SyntaxKind.ArrayType:
      return { type: 'array', items: typeSchema(ctx, (node as TS.ArrayTypeNode).elementType, owner, field) };
    case ts.SyntaxKind.ParenthesizedType: return typeSchema(ctx, (node as TS.ParenthesizedTypeNode).type, owner, field);
    case ts.SyntaxKind.UnionType: {
      const kinds = (node as TS.UnionTypeNode).types.map((t) => t.kind);
      if (kinds.includes(ts.SyntaxKind.NumberKeyword) && kinds.includes(ts.SyntaxKind.StringKeyword)) return { $ref: V2_REF_PREFIX + INT_OR_STRING };
      if ((node as TS.UnionTypeNode).types.every((t) => t.kind === ts.SyntaxKind.LiteralType)) return typeSchema(ctx, (node as TS.UnionTypeNode).types[0], owner, field);
      return {};
    }
    case ts.SyntaxKind.TypeLiteral: {
      const idx = (node as TS.TypeLiteralNode).members.find(ts.isIndexSignatureDeclaration);
      return idx ? { type: 'object', additionalProperties: typeSchema(ctx, idx.type, owner, field) } : { type: 'object' };
    }
    case ts.SyntaxKind.TypeReference: {
      const ref = node as TS.TypeReferenceNode;
      if (ts.isIdentifier(ref.typeName) && ref.typeName.text === 'Array' && ref.typeArguments?.length === 1) {
        return { type: 'array', items: typeSchema(ctx, ref.typeArguments[0], owner, field) };
      }
      const name = refTo(ctx, ref);
      return name ? { $ref: V2_REF_PREFIX + name } : {};
    }
    default: return {};
  }
}

function literalOf(member: TS.PropertySignature | undefined): string | undefined {
  const t = member?.type;
  return t && ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined;
}

function interfaceSchema(ctx: Ctx, decl: TS.InterfaceDeclaration): Schema {
  const owner = decl.name.text;
  const s: Schema = {};
  const description = docOf(ctx, decl);
  if (description) s.description = description;
  s.type = 'object';
  const props: Record<string, Schema> = {};
  const required: string[] = [];
  const members = decl.members.filter(ts.isPropertySignature);
  for (const m of members) {
    const name = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : m.name.getText();
    if (!m.type) continue;
    let p = typeSchema(ctx, m.type, owner, name);
    const doc = docOf(ctx, m);
    p = doc ? { description: doc, ...p } : p;
    const meta = PATCH_META[`${owner}.${name}`];
    if (meta) {
      if (meta.s) p['x-kubernetes-patch-strategy'] = meta.s;
      if (meta.k) p['x-kubernetes-patch-merge-key'] = meta.k;
      if (meta.t) p['x-kubernetes-list-type'] = meta.t;
      if (meta.m) p['x-kubernetes-list-map-keys'] = meta.m;
      if (meta.mt) p['x-kubernetes-map-type'] = meta.mt;
    }
    props[name] = p;
    if (!m.questionToken) required.push(name);
  }
  if (members.length) s.properties = props;
  if (required.length) s.required = required.sort();
  const kind = literalOf(members.find((m) => ts.isIdentifier(m.name) && m.name.text === 'kind'));
  const apiVersion = literalOf(members.find((m) => ts.isIdentifier(m.name) && m.name.text === 'apiVersion'));
  if (kind && apiVersion) {
    const i = apiVersion.indexOf('/');
    const gvk: GVKRef = i < 0 ? { group: '', version: apiVersion, kind } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1), kind };
    s['x-kubernetes-group-version-kind'] = [gvk];
  }
  return s;
}

/** Generates every definition in the kubernetes-types package rooted at `typesRoot`. */
export function generateDefinitions(typesRoot: string): Definitions {
  ts ??= requireNear('typescript') as typeof TS;
  const files = listDeclarationFiles(typesRoot);
  const program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, types: [] });
  const ctx: Ctx = { checker: program.getTypeChecker(), root: typesRoot };
  const defs: Definitions = { [INT_OR_STRING]: INT_OR_STRING_SCHEMA };
  for (const f of files) {
    const sf = program.getSourceFile(f);
    if (!sf) continue;
    for (const st of sf.statements) {
      if (ts.isInterfaceDeclaration(st)) {
        const name = declName(ctx, st)!;
        defs[name] = specialDefinition(name, docOf(ctx, st)) ?? interfaceSchema(ctx, st);
      } else if (ts.isTypeAliasDeclaration(st)) {
        const name = declName(ctx, st)!;
        const description = docOf(ctx, st);
        defs[name] = specialDefinition(name, description) ?? (description ? { description } : {});
      }
    }
  }
  return Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));
}

export function typesVersion(typesRoot: string): string {
  const pkg = JSON.parse(readFileSync(join(typesRoot, 'package.json'), 'utf8')) as { version?: string };
  return `kubernetes-types@${pkg.version ?? 'unknown'}`;
}
