// The few Reflect metadata functions tsyringe (a dependency of @peculiar/x509 2.x) checks for at load time.
// `reflect-metadata` is not among the installed dependencies, so this minimal version stands in; it installs
// itself only when no real polyfill is present. Metadata lives in a WeakMap keyed by target, then property.
type Key = string | symbol | undefined;
const store = new WeakMap<object, Map<Key, Map<unknown, unknown>>>();

function table(target: object, prop: Key, create: boolean): Map<unknown, unknown> | undefined {
  let byProp = store.get(target);
  if (!byProp) {
    if (!create) return undefined;
    byProp = new Map();
    store.set(target, byProp);
  }
  let t = byProp.get(prop);
  if (!t && create) {
    t = new Map();
    byProp.set(prop, t);
  }
  return t;
}

function* chain(target: object): Generator<object> {
  for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) yield t;
}

const api = {
  defineMetadata(k: unknown, v: unknown, target: object, prop?: Key): void { table(target, prop, true)!.set(k, v); },
  hasOwnMetadata(k: unknown, target: object, prop?: Key): boolean { return table(target, prop, false)?.has(k) ?? false; },
  getOwnMetadata(k: unknown, target: object, prop?: Key): unknown { return table(target, prop, false)?.get(k); },
  getOwnMetadataKeys(target: object, prop?: Key): unknown[] { return [...(table(target, prop, false)?.keys() ?? [])]; },
  deleteMetadata(k: unknown, target: object, prop?: Key): boolean { return table(target, prop, false)?.delete(k) ?? false; },
  hasMetadata(k: unknown, target: object, prop?: Key): boolean {
    for (const t of chain(target)) if (api.hasOwnMetadata(k, t, prop)) return true;
    return false;
  },
  getMetadata(k: unknown, target: object, prop?: Key): unknown {
    for (const t of chain(target)) if (api.hasOwnMetadata(k, t, prop)) return api.getOwnMetadata(k, t, prop);
    return undefined;
  },
  getMetadataKeys(target: object, prop?: Key): unknown[] {
    const keys = new Set<unknown>();
    for (const t of chain(target)) for (const k of api.getOwnMetadataKeys(t, prop)) keys.add(k);
    return [...keys];
  },
  metadata(k: unknown, v: unknown) {
    return (target: object, prop?: Key): void => api.defineMetadata(k, v, target, prop);
  },
};

const R = Reflect as unknown as Record<string, unknown>;
if (typeof R.getMetadata !== 'function') {
  for (const [name, fn] of Object.entries(api)) R[name] = fn;
}

export {};
