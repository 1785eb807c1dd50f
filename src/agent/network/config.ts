// The node's CNI network: one conflist, bridge + host-local + portmap from Debian's containernetworking-plugins.
// containerd's CRI plugin loads the first conf file of its conf_dir (sorted) and adds the loopback network itself
// (go-cni WithLoNetwork, using the `loopback` binary of bin_dir), so no loopback conf is written.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { intToIp, parseCIDR } from '../../machinery/cidr.js';

export const CNI_CONF_FILE = '10-skiff.conflist';
export const CNI_NETWORK_NAME = 'skiff';
/** k3s calls it cni0; ours is skiff0 so both can live on one machine. */
export const DEFAULT_BRIDGE = 'skiff0';
export const CNI_VERSION = '1.0.0';

export interface CniConfigOptions {
  /** The node's spec.podCIDR, e.g. 10.42.3.0/24. */
  podCIDR: string;
  /** @default 'skiff0' */
  bridge?: string;
  /** Bridge and veth MTU. @default the plugin's (the default route's interface MTU) */
  mtu?: number;
  /** @default the first address of podCIDR (what host-local picks too) */
  gateway?: string;
  /** host-local's dataDir: keep it under the agent data dir. @default '/var/lib/cni/networks' */
  ipamDataDir?: string;
  /** @default 'skiff' */
  networkName?: string;
}

/** The first usable address of a CIDR (x.y.z.1 for a /24). */
export function defaultGateway(podCIDR: string): string {
  return intToIp(parseCIDR(podCIDR).base + 1);
}

export function cniConfig(o: CniConfigOptions): Record<string, unknown> {
  const c = parseCIDR(o.podCIDR);
  const subnet = `${intToIp(c.base)}/${c.prefix}`;
  return {
    cniVersion: CNI_VERSION,
    name: o.networkName ?? CNI_NETWORK_NAME,
    plugins: [
      {
        type: 'bridge',
        bridge: o.bridge ?? DEFAULT_BRIDGE,
        isGateway: true,
        ipMasq: true,
        hairpinMode: true,
        ...(o.mtu ? { mtu: o.mtu } : {}),
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet, gateway: o.gateway ?? defaultGateway(subnet) }]],
          routes: [{ dst: '0.0.0.0/0' }],
          ...(o.ipamDataDir ? { dataDir: o.ipamDataDir } : {}),
        },
      },
      { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    ],
  };
}

/** The conflist text (stable key order, trailing newline). */
export function renderCniConfig(o: CniConfigOptions): string {
  return `${JSON.stringify(cniConfig(o), null, 2)}\n`;
}

/** Writes `<confDir>/10-skiff.conflist` atomically (temp file + rename): containerd never reads half a file. */
export function writeCniConfig(confDir: string, o: CniConfigOptions): string {
  mkdirSync(confDir, { recursive: true });
  const path = join(confDir, CNI_CONF_FILE);
  const tmp = join(confDir, `.${CNI_CONF_FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, renderCniConfig(o), { mode: 0o644 });
  renameSync(tmp, path);
  return path;
}

/** Removes the conflist (uninstall). */
export function removeCniConfig(confDir: string): void {
  rmSync(join(confDir, CNI_CONF_FILE), { force: true });
}
