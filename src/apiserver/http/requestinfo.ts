// Turns a URL into the Kubernetes RequestInfo: which API, group/version, namespace, resource, name, subresource and verb.
// Shape follows k8s.io/apiserver/pkg/endpoints/request/requestinfo.go.

export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  verb: string;            // get list watch create update patch delete deletecollection (resource) or the lower-case method (non-resource)
  apiPrefix: string;       // 'api' | 'apis'
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  parts: string[];
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequestInfo(method: string, rawPath: string, query: URLSearchParams): RequestInfo {
  const path = rawPath;
  const info: RequestInfo = {
    isResourceRequest: false, path, verb: method.toLowerCase(), apiPrefix: '', apiGroup: '', apiVersion: '',
    namespace: '', resource: '', subresource: '', name: '', parts: [],
  };
  const segs = path.split('/').filter((s) => s.length > 0).map(safeDecode);
  if (segs.length === 0) return info;
  const prefix = segs[0];
  if (prefix !== 'api' && prefix !== 'apis') return info;
  let rest = segs.slice(1);
  info.apiPrefix = prefix;
  if (prefix === 'apis') {
    if (rest.length === 0) return info;
    info.apiGroup = rest[0];
    rest = rest.slice(1);
  }
  if (rest.length === 0) return info;
  info.apiVersion = rest[0];
  rest = rest.slice(1);
  if (rest.length === 0) return info;
  info.isResourceRequest = true;

  let isWatchPath = false;
  if (rest[0] === 'watch') { isWatchPath = true; rest = rest.slice(1); }
  else if (rest[0] === 'proxy') { rest = rest.slice(1); info.verb = 'proxy'; }

  switch (method.toUpperCase()) {
    case 'POST': info.verb = 'create'; break;
    case 'GET': case 'HEAD': info.verb = 'get'; break;
    case 'PUT': info.verb = 'update'; break;
    case 'PATCH': info.verb = 'patch'; break;
    case 'DELETE': info.verb = 'delete'; break;
    default: info.verb = method.toLowerCase();
  }
  if (isWatchPath) info.verb = 'watch';

  if (rest[0] === 'namespaces') {
    if (rest.length > 1) {
      info.namespace = rest[1];
      if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
        rest = rest.slice(2);
      } else {
        // the namespace object itself: /namespaces/{name}[/status|/finalize]
        info.namespace = '';
        info.resource = 'namespaces';
        info.name = rest[1];
        info.subresource = rest[2] ?? '';
        info.parts = rest;
        if (rest.length > 3) info.isResourceRequest = false;
        return finishVerb(info, query, isWatchPath);
      }
    }
  }
  info.parts = rest;
  info.resource = rest[0] ?? '';
  info.name = rest[1] ?? '';
  info.subresource = rest[2] ?? '';
  if (rest.length > 3) {
    // e.g. pods/x/proxy/path: keep subresource only
    if (info.subresource !== 'proxy') info.isResourceRequest = false;
  }
  return finishVerb(info, query, isWatchPath);
}

function finishVerb(info: RequestInfo, query: URLSearchParams, isWatchPath: boolean): RequestInfo {
  if (!info.name && info.verb === 'get') {
    info.verb = isTrue(query.get('watch')) ? 'watch' : 'list';
  }
  if (info.verb === 'get' && isTrue(query.get('watch'))) info.verb = 'watch';
  if (!info.name && info.verb === 'delete') info.verb = 'deletecollection';
  if (isWatchPath) info.verb = 'watch';
  return info;
}

/** Go's strconv.ParseBool true values, which is what the real server accepts (Python's client sends `True`). */
export function isTrue(v: string | null): boolean {
  return v === '1' || v === 't' || v === 'T' || v === 'true' || v === 'TRUE' || v === 'True';
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
