// status.nodeInfo: machine and boot ids, kernel and OS, runtime and kubelet versions, os/arch in Go's spelling.
import { arch as osArch, release } from 'node:os';
import { join } from 'node:path';
import type { NodeSystemInfo } from 'kubernetes-types/core/v1.js';
import { readText } from './host.js';

/** What Skiff's agent reports as kubeletVersion (and the API server as gitVersion's minor). */
export const KUBELET_VERSION = 'v1.30.0+skiff';

export interface NodeInfoOptions {
  /** From the CRI Version call: `containerd` and `v1.6.20` or `1.6.20~ds1` → `containerd://1.6.20`. */
  runtime?: { runtimeName: string; runtimeVersion: string };
  /** @default '/' (files are read under it: etc/machine-id, etc/os-release) */
  root?: string;
  /** @default '/proc' */
  procRoot?: string;
  /** @default '/sys' */
  sysRoot?: string;
  /** @default KUBELET_VERSION */
  kubeletVersion?: string;
  /** @default os.release() */
  kernelVersion?: string;
  /** @default process.arch */
  arch?: string;
}

/** Node's process.arch in GOARCH spelling. */
export function goArch(a: string = osArch()): string {
  return ({ x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' } as Record<string, string>)[a] ?? a;
}

/** `1.6.20~ds1` / `v1.6.20` → `1.6.20` (the upstream version without a distribution suffix or a v). */
export function runtimeVersionString(r: { runtimeName: string; runtimeVersion: string }): string {
  const v = r.runtimeVersion.replace(/^v/, '').replace(/[~+].*$/, '');
  return `${r.runtimeName}://${v}`;
}

/** PRETTY_NAME from an os-release file. */
export function prettyName(osRelease: string): string | undefined {
  const m = /^PRETTY_NAME=(.*)$/m.exec(osRelease);
  if (!m) return undefined;
  return m[1]!.trim().replace(/^(["'])(.*)\1$/, '$2');
}

export function nodeInfo(o: NodeInfoOptions = {}): NodeSystemInfo {
  const root = o.root ?? '/', proc = o.procRoot ?? '/proc', sys = o.sysRoot ?? '/sys';
  const first = (...paths: string[]) => { for (const p of paths) { const t = readText(p)?.trim(); if (t) return t; } return ''; };
  const kubeletVersion = o.kubeletVersion ?? KUBELET_VERSION;
  return {
    machineID: first(join(root, 'etc/machine-id'), join(root, 'var/lib/dbus/machine-id')),
    systemUUID: first(join(sys, 'class/dmi/id/product_uuid')).toLowerCase(),
    bootID: first(join(proc, 'sys/kernel/random/boot_id')),
    kernelVersion: o.kernelVersion ?? release(),
    osImage: prettyName(readText(join(root, 'etc/os-release')) ?? readText(join(root, 'usr/lib/os-release')) ?? '') ?? 'Linux',
    containerRuntimeVersion: o.runtime ? runtimeVersionString(o.runtime) : '',
    kubeletVersion,
    kubeProxyVersion: kubeletVersion,
    operatingSystem: 'linux',
    architecture: goArch(o.arch),
  };
}
