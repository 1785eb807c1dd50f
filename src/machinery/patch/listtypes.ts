// Which lists in built-in kinds merge by key, which are sets and which are atomic (the patchStrategy /
// patchMergeKey / listType tags of the Go types). Shared by strategic merge patch and server-side apply.
// OWNER: the strategic-merge-patch work fills the table; the signature is the contract.

export interface GVK { group: string; version: string; kind: string }

export interface ListInfo {
  /** 'map': merge elements by mergeKey; 'set': union of scalars; 'atomic': replace whole list. */
  type: 'map' | 'set' | 'atomic';
  /** For 'map': the key field(s) (e.g. ['name'], or ['containerPort','protocol'] for SSA). The first is the SMP patchMergeKey. */
  keys?: string[];
  /** The field also carries `patchStrategy: retainKeys` (e.g. volumes[*]). */
  retainKeys?: boolean;
}

/**
 * The list semantics of the field at `path` (object field names from the root of the object, no list indices;
 * e.g. ['spec','template','spec','containers']). Undefined = not a known list (treat as atomic/replace).
 */
export function listInfo(_gvk: GVK, _path: string[]): ListInfo | undefined {
  return undefined;
}
