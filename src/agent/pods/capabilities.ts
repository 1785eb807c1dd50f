// Linux capability names and this process's bounding set. The agent's sandbox lacks some capabilities (e.g.
// CAP_SYS_RESOURCE, see reference/runtime.md), and runc fails a container whose capability set names one the
// agent itself cannot grant, so requested capabilities are intersected with the bounding set.
import { readFileSync } from 'node:fs';

/** Capability names by number (linux/capability.h), without the CAP_ prefix. */
export const CAPABILITY_NAMES = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP',
  'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER',
  'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE',
  'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP',
  'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF',
  'CHECKPOINT_RESTORE',
] as const;

/** `cap_net_admin`, `CAP_NET_ADMIN`, `NET_ADMIN` → `NET_ADMIN` (the form containerd's CRI prefixes with CAP_). */
export const normalizeCapability = (c: string): string => c.toUpperCase().replace(/^CAP_/, '');

/** Decodes a CapBnd-style hex mask into names. */
export function capabilitiesFromMask(hex: string): string[] {
  const mask = BigInt('0x' + hex.trim());
  return CAPABILITY_NAMES.filter((_, i) => (mask >> BigInt(i)) & 1n);
}

/** The calling process's bounding set, from /proc/self/status (or the given status text). */
export function readBoundingCapabilities(statusText?: string): string[] {
  const text = statusText ?? readFileSync('/proc/self/status', 'utf8');
  const m = /^CapBnd:\s*([0-9a-fA-F]+)$/m.exec(text);
  return m ? capabilitiesFromMask(m[1]!) : [...CAPABILITY_NAMES];
}
