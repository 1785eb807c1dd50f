// Cleanup the kubelet does around CNI: IP reservations host-local kept for sandboxes that no longer exist (the
// plugin's DEL never ran, e.g. containerd was killed), and the node bridge on uninstall, by its exact name.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';

const run = promisify(execFile);

export interface Reservation { ip: string; containerId: string; ifName?: string }

/** host-local's reservations in `<dataDir>/<network>`: one file per IP holding `<containerId>\r\n<ifname>`. */
export function hostLocalReservations(dataDir: string, network: string): Reservation[] {
  const dir = join(dataDir, network);
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  const out: Reservation[] = [];
  for (const name of names) {
    if (!/^[0-9.]+$/.test(name) && !name.includes(':')) continue; // lock, last_reserved_ip.0
    let text: string;
    try { text = readFileSync(join(dir, name), 'utf8'); } catch { continue; }
    const [containerId, ifName] = text.split(/\r?\n/).map((s) => s.trim());
    if (containerId) out.push({ ip: name, containerId, ...(ifName ? { ifName } : {}) });
  }
  return out.sort((a, b) => a.ip.localeCompare(b.ip));
}

/** Removes reservations whose container (sandbox) id `isLive` rejects; returns what it released. */
export function releaseStaleReservations(o: { dataDir: string; network: string; isLive: (containerId: string) => boolean }): Reservation[] {
  const released: Reservation[] = [];
  for (const r of hostLocalReservations(o.dataDir, o.network)) {
    if (o.isLive(r.containerId)) continue;
    rmSync(join(o.dataDir, o.network, r.ip), { force: true });
    released.push(r);
  }
  return released;
}

/** Linux interface names: 1–15 characters, no '/', no whitespace. */
export function isValidLinkName(name: string): boolean {
  return /^[A-Za-z0-9_.-]{1,15}$/.test(name);
}

/** Deletes the bridge `name` (exactly that link, and only if it is a bridge). Resolves whether one was deleted. */
export async function deleteBridge(name: string): Promise<boolean> {
  if (!isValidLinkName(name)) throw new Error(`Cannot delete bridge "${name}": not a valid interface name`);
  let kind: string | undefined;
  try {
    const { stdout } = await run('ip', ['-d', '-j', 'link', 'show', 'dev', name]);
    kind = (JSON.parse(stdout) as { linkinfo?: { info_kind?: string } }[])[0]?.linkinfo?.info_kind;
  } catch (e) {
    const msg = String((e as { stderr?: string }).stderr ?? (e as Error).message);
    if (/does not exist|Cannot find device/.test(msg)) return false;
    throw new Error(`Cannot delete bridge "${name}": ${msg.trim()}`);
  }
  if (kind !== 'bridge') throw new Error(`Cannot delete bridge "${name}": the link is a ${kind ?? 'device'} and not a bridge`);
  await run('ip', ['link', 'delete', 'dev', name]);
  return true;
}
