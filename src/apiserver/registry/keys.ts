// Storage keys: /registry/<group or core>/<resource>/<namespace>/<name> (namespaced) or /registry/<g>/<r>/<name>.

export function resourcePrefix(group: string, resource: string): string {
  return `/registry/${group || 'core'}/${resource}/`;
}

export function namespacePrefix(group: string, resource: string, namespace: string): string {
  return `${resourcePrefix(group, resource)}${namespace}/`;
}

export function objectKey(group: string, resource: string, namespace: string, name: string): string {
  return namespace ? `${resourcePrefix(group, resource)}${namespace}/${name}` : `${resourcePrefix(group, resource)}${name}`;
}
