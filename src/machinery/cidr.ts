// IPv4 CIDR arithmetic for service and pod ranges.

export interface CIDR { base: number; prefix: number; size: number }

export function ipToInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^[0-9]{1,3}$/.test(p) || Number(p) > 255)) throw new Error(`invalid IPv4 address "${ip}"`);
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function parseCIDR(cidr: string): CIDR {
  const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(cidr.trim());
  if (!m) throw new Error(`invalid CIDR "${cidr}": expected a.b.c.d/n`);
  const prefix = Number(m[2]);
  if (prefix < 8 || prefix > 30) throw new Error(`invalid CIDR "${cidr}": the prefix length must be between 8 and 30`);
  const size = 2 ** (32 - prefix);
  const base = Math.floor(ipToInt(m[1]) / size) * size;
  return { base, prefix, size };
}

export function cidrContains(c: CIDR, ip: string): boolean {
  const n = ipToInt(ip);
  return n >= c.base && n < c.base + c.size;
}
