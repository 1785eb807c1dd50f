// OpenAPIService: what /openapi/v3, /openapi/v3/<gv> and /openapi/v2 serve, built lazily and cached per
// group-version. Built-in definitions come from the build-time generated file; CRDs add and replace their own.
// Each document's hash is derived from its content, so kubectl's URL-keyed cache refreshes when a CRD changes.
import { createHash } from 'node:crypto';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { ResourceInfo } from '../resources.js';
import { BUILTIN_RESOURCES } from '../resources.js';
import type { Definitions, GVKRef, Schema } from './schema.js';
import type { PathResource } from './paths.js';
import { buildV3Document } from './v3.js';
import { buildV2Document, encodeV2 } from './v2.js';
import { builtinDefinitions } from './definitions.js';
import type { CRDOpenAPI } from './crdschema.js';
import { crdOpenAPI } from './crdschema.js';

export const V3_CONTENT_TYPE = 'application/json';
export { V2_PROTOBUF_CONTENT_TYPE } from './v2.js';

/** How validators find schemas: gvk → definition name → schema. */
export interface SchemaLookup {
  definitionFor(gvk: GVKRef): string | undefined;
  definition(name: string): Schema | undefined;
}

export interface OpenAPIServiceOptions {
  /** @default BUILTIN_RESOURCES */
  resources?: ResourceInfo[];
  /** @default the generated built-in definitions */
  definitions?: Definitions;
  /** `info.version` of the v2 document. @default 'v1.30.0' */
  version?: string;
  /** Definitions of served groups kubernetes-types does not describe (metrics.k8s.io). */
  extraDefinitions?: Definitions;
}

interface Cached { json: string; hash: string }

const gvkKey = (g: GVKRef) => `${g.group}/${g.version}/${g.kind}`;

/** `api/v1` or `apis/apps/v1`. */
export function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export class OpenAPIService implements SchemaLookup {
  private builtinDefs: Definitions | undefined;
  private readonly builtinByGV = new Map<string, PathResource[]>();
  private readonly crds = new Map<string, CRDOpenAPI>();
  private readonly v3Cache = new Map<string, Cached>();
  private v2Cache: { doc: Record<string, unknown>; proto?: Buffer } | undefined;
  private merged: Definitions | undefined;
  private gvkIndex: Map<string, string> | undefined;
  private readonly version: string;

  /** Cheap: definitions load on first use. */
  constructor(private readonly opts: OpenAPIServiceOptions = {}) {
    this.builtinDefs = opts.definitions;
    this.version = opts.version ?? 'v1.30.0';
    for (const r of opts.resources ?? BUILTIN_RESOURCES) {
      const p = gvPath(r.group, r.version);
      const list = this.builtinByGV.get(p) ?? [];
      list.push(r);
      this.builtinByGV.set(p, list);
    }
  }

  /** All definitions: built-in plus every registered CRD version. */
  definitions(): Definitions {
    if (!this.merged) {
      this.builtinDefs ??= { ...builtinDefinitions(), ...(this.opts.extraDefinitions ?? {}) };
      this.merged = { ...this.builtinDefs };
      for (const c of this.crds.values()) Object.assign(this.merged, c.definitions);
    }
    return this.merged;
  }

  definition(name: string): Schema | undefined {
    return this.definitions()[name];
  }

  definitionFor(gvk: GVKRef): string | undefined {
    if (!this.gvkIndex) {
      this.gvkIndex = new Map();
      for (const [name, s] of Object.entries(this.definitions())) {
        for (const g of s['x-kubernetes-group-version-kind'] ?? []) if (!this.gvkIndex.has(gvkKey(g))) this.gvkIndex.set(gvkKey(g), name);
      }
    }
    return this.gvkIndex.get(gvkKey(gvk));
  }

  private resourcesOf(path: string): PathResource[] | undefined {
    const builtin = this.builtinByGV.get(path);
    const custom = [...this.crds.values()].flatMap((c) => c.resources.filter((r) => gvPath(r.group, r.version) === path));
    if (!builtin && custom.length === 0) return undefined;
    return [...(builtin ?? []), ...custom];
  }

  /** Every group-version path served: built-in first, then CRDs, sorted. */
  groupVersions(): string[] {
    const all = new Set(this.builtinByGV.keys());
    for (const c of this.crds.values()) c.gvPaths.forEach((p) => all.add(p));
    return [...all].sort();
  }

  /** `GET /openapi/v3`. */
  v3Index(): { paths: Record<string, { serverRelativeURL: string }> } {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const p of this.groupVersions()) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${this.hash(p)}` };
    return { paths };
  }

  private cachedV3(path: string): Cached | undefined {
    const hit = this.v3Cache.get(path);
    if (hit) return hit;
    const resources = this.resourcesOf(path);
    if (!resources) return undefined;
    const doc = buildV3Document(resources, this.definitions(), (g) => this.definitionFor(g));
    const json = JSON.stringify(doc);
    const entry = { json, hash: createHash('sha512').update(json).digest('hex').toUpperCase() };
    this.v3Cache.set(path, entry);
    return entry;
  }

  /** `GET /openapi/v3/<gvPath>` as an object; undefined for an unknown group-version. */
  v3Document(path: string): Record<string, unknown> | undefined {
    const c = this.cachedV3(stripSlashes(path));
    return c ? (JSON.parse(c.json) as Record<string, unknown>) : undefined;
  }

  /** The same document serialized (what the HTTP layer should send; cached). */
  v3DocumentJSON(path: string): string | undefined {
    return this.cachedV3(stripSlashes(path))?.json;
  }

  /** Content hash of a group-version's v3 document (uppercase hex). */
  hash(path: string): string | undefined {
    return this.cachedV3(stripSlashes(path))?.hash;
  }

  /** The swagger 2.0 document as JSON (`GET /openapi/v2` with Accept: application/json). */
  v2Document(): Record<string, unknown> {
    if (!this.v2Cache) {
      const resources = this.groupVersions().flatMap((p) => this.resourcesOf(p) ?? []);
      this.v2Cache = { doc: buildV2Document(resources, this.definitions(), (g) => this.definitionFor(g), this.version) };
    }
    return this.v2Cache.doc;
  }

  /** `GET /openapi/v2` as protobuf; serve with V2_PROTOBUF_CONTENT_TYPE. */
  v2Protobuf(): Buffer {
    const doc = this.v2Document();
    this.v2Cache!.proto ??= encodeV2(doc);
    return this.v2Cache!.proto;
  }

  /** Adds, replaces (crd given) or removes (crd undefined) the schemas of the CRD named `name`. */
  setCustomResourceSchemas(crd: CustomResourceDefinition | undefined, name: string): void {
    const before = this.crds.get(name);
    const touched = new Set(before?.gvPaths ?? []);
    if (crd) {
      const next = crdOpenAPI(crd);
      next.gvPaths.forEach((p) => touched.add(p));
      this.crds.set(name, next);
    } else {
      this.crds.delete(name);
    }
    this.merged = undefined;
    this.gvkIndex = undefined;
    this.v2Cache = undefined;
    for (const p of touched) this.v3Cache.delete(p);
  }
}

function stripSlashes(p: string): string {
  return p.replace(/^\/+|\/+$/g, '').replace(/^openapi\/v3\//, '');
}
