// The set of resources the server serves right now: built-ins plus CustomResourceDefinitions' resources.
import type { ResourceInfo } from '../resources.js';
import type { ResourceStore } from './store.js';
import type { WatchHub } from '../watch/hub.js';

export interface CustomResourceExtras {
  /** The CRD's name, e.g. `widgets.example.com`. */
  crdName: string;
  /** openAPIV3Schema of this version. */
  schema?: Record<string, unknown>;
  printerColumns?: unknown[];
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  served: boolean;
  storage: boolean;
}

export interface ResourceEntry {
  info: ResourceInfo;
  /** Absent for virtual resources (reviews) that are handled specially. */
  store?: ResourceStore;
  hub?: WatchHub;
  crd?: CustomResourceExtras;
}

export function gvrKey(group: string, version: string, resource: string): string {
  return `${group}/${version}/${resource}`;
}

export class Registry {
  private readonly entries = new Map<string, ResourceEntry>();
  /** Bumped on every change, so discovery/OpenAPI caches know to rebuild. */
  generation = 0;

  add(e: ResourceEntry): void {
    this.entries.set(gvrKey(e.info.group, e.info.version, e.info.resource), e);
    this.generation++;
  }

  remove(group: string, version: string, resource: string): ResourceEntry | undefined {
    const k = gvrKey(group, version, resource);
    const e = this.entries.get(k);
    if (e) { this.entries.delete(k); this.generation++; }
    return e;
  }

  get(group: string, version: string, resource: string): ResourceEntry | undefined {
    return this.entries.get(gvrKey(group, version, resource));
  }

  all(): ResourceEntry[] {
    return [...this.entries.values()];
  }

  /** Find the entry serving a kind (first match; used for ownerReferences and scale lookups). */
  byKind(group: string, version: string, kind: string): ResourceEntry | undefined {
    for (const e of this.entries.values()) {
      if (e.info.group === group && e.info.version === version && e.info.kind === kind) return e;
    }
    return undefined;
  }
}
