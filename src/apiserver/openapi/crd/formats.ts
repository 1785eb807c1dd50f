// The string/number formats CRD schemas may declare that Kubernetes checks (a subset of kube-openapi's
// strfmt registry). Unknown formats pass, as they do in Kubernetes.

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;

function isIPv6(s: string): boolean {
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  const dbl = s.split('::');
  if (dbl.length > 2) return false;
  const groups = s.replace('::', ':x:').split(':').filter((g) => g !== '');
  return groups.every((g) => g === 'x' || /^[0-9a-fA-F]{1,4}$/.test(g) || IPV4.test(g)) && (dbl.length === 2 || groups.length === 8);
}

function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}

/** True when `v` satisfies `format`, or the format does not apply to the value's type. */
export function checkFormat(format: string, v: unknown): boolean {
  if (typeof v === 'number') {
    if (format === 'int32') return Number.isInteger(v) && v >= -(2 ** 31) && v <= 2 ** 31 - 1;
    if (format === 'int64') return Number.isInteger(v);
    return true;
  }
  if (typeof v !== 'string') return true;
  switch (format) {
    case 'date-time': case 'datetime': return RFC3339.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T')));
    case 'date': return isDate(v);
    case 'uuid': return UUID.test(v);
    case 'byte': return BASE64.test(v);
    case 'ipv4': return IPV4.test(v);
    case 'ipv6': return isIPv6(v);
    case 'cidr': {
      const [ip, bits, extra] = v.split('/');
      if (extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
      return IPV4.test(ip) ? Number(bits) <= 32 : isIPv6(ip) && Number(bits) <= 128;
    }
    case 'hostname': return HOSTNAME.test(v);
    case 'email': return EMAIL.test(v);
    default: return true;
  }
}
