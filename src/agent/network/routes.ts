// Pod routes between nodes, the way flannel's host-gw backend does it: every other node's pod CIDR is routed via
// that node's InternalIP (the nodes share a link, so the InternalIP is an on-link gateway). Decide, then do:
// `desiredRoutes` (nodes → routes) and `planRouteSync` (desired + what we own + the kernel's table → actions) are pure;
// `syncRoutes` runs the plan with `ip route`; `RouteController` keeps it level-triggered on the node list.
//
// Only routes this agent added are ever replaced or deleted: they carry the routing protocol ROUTE_PROTO and are
// recorded in a state file, so a restarted agent (or `skiff killall`) can remove what an earlier run added.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { Node } from 'kubernetes-types/core/v1.js';
import { intToIp, ipToInt } from '../../machinery/cidr.js';
import { systemClock, type Clock } from '../../machinery/clock.js';
import type { Logger } from '../../machinery/log.js';

/** The `proto` our routes carry (unassigned in iproute2's rt_protos; shows as "83" in `ip route`). */
export const ROUTE_PROTO = 83;

export interface PodRoute { cidr: string; via: string }

/** A route of the kernel's main table, as `ip -j -4 route show` prints it (dst normalized to a.b.c.d/n). */
export interface KernelRoute { dst: string; gateway?: string; protocol?: string; type?: string }

/** `a.b.c.d/n` with the host bits cleared (n from 0 to 32), or undefined when it is not an IPv4 CIDR. */
function canonicalCIDR(cidr: string): string | undefined {
  const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(cidr.trim());
  if (!m || Number(m[2]) > 32) return undefined;
  try {
    const size = 2 ** (32 - Number(m[2]));
    return `${intToIp(Math.floor(ipToInt(m[1]!) / size) * size)}/${m[2]}`;
  } catch {
    return undefined;
  }
}

const isIPv4 = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((p) => Number(p) <= 255);

function internalIPv4(n: Node): string | undefined {
  return n.status?.addresses?.find((a) => a.type === 'InternalIP' && isIPv4(a.address))?.address;
}

function podCIDRsV4(n: Node): string[] {
  const all = n.spec?.podCIDRs?.length ? n.spec.podCIDRs : n.spec?.podCIDR ? [n.spec.podCIDR] : [];
  // a pod CIDR wider than /8 would be an admin error that swallows the node network: never route it
  return all.map(canonicalCIDR).filter((c): c is string => !!c && Number(c.split('/')[1]) >= 8);
}

/**
 * Every other node's IPv4 pod CIDR via its IPv4 InternalIP, sorted by CIDR. Nodes without either are skipped, as are
 * CIDRs equal to our own and gateways equal to our own InternalIP; a CIDR claimed twice goes to the first node by name.
 */
export function desiredRoutes(nodes: readonly Node[], self: string): PodRoute[] {
  const me = nodes.find((n) => n.metadata?.name === self);
  const myCIDRs = new Set(me ? podCIDRsV4(me) : []);
  const myIP = me ? internalIPv4(me) : undefined;
  const byCIDR = new Map<string, PodRoute>();
  const others = nodes.filter((n) => n.metadata?.name && n.metadata.name !== self).sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
  for (const n of others) {
    const via = internalIPv4(n);
    if (!via || via === myIP) continue;
    for (const cidr of podCIDRsV4(n)) if (!myCIDRs.has(cidr) && !byCIDR.has(cidr)) byCIDR.set(cidr, { cidr, via });
  }
  return [...byCIDR.values()].sort((a, b) => a.cidr.localeCompare(b.cidr));
}

export interface RoutePlan {
  /** `ip route replace <cidr> via <via> proto 83`. */
  replace: PodRoute[];
  /** `ip route del <cidr> via <via> proto 83`. */
  remove: PodRoute[];
  /** Desired routes already in the table as ours: nothing to do. */
  keep: PodRoute[];
  /** Desired routes whose CIDR holds a route we did not add: left alone. */
  conflicts: { route: PodRoute; existing: KernelRoute }[];
}

const ours = (k: KernelRoute) => String(k.protocol) === String(ROUTE_PROTO);

/**
 * What to change so that the table holds exactly `desired` among our routes. `owned` is what we recorded adding; a
 * route of our protocol in the table counts as ours too (state file lost). A CIDR held by anyone else's route is a
 * conflict, never replaced; an owned route that someone else replaced is forgotten, not deleted.
 */
export function planRouteSync(desired: readonly PodRoute[], owned: readonly PodRoute[], table: readonly KernelRoute[]): RoutePlan {
  const plan: RoutePlan = { replace: [], remove: [], keep: [], conflicts: [] };
  const wanted = new Set(desired.map((d) => d.cidr));
  const inTable = new Map<string, KernelRoute>();
  for (const k of table) if (!inTable.has(k.dst) || ours(k)) inTable.set(k.dst, k);
  for (const d of desired) {
    const k = inTable.get(d.cidr);
    if (!k) plan.replace.push(d);
    else if (!ours(k)) plan.conflicts.push({ route: d, existing: k });
    else if (k.gateway === d.via && (k.type ?? 'unicast') === 'unicast') plan.keep.push(d);
    else plan.replace.push(d);
  }
  const candidates = new Map<string, PodRoute>();
  for (const o of owned) candidates.set(o.cidr, o);
  for (const k of table) if (ours(k) && k.gateway && !candidates.has(k.dst)) candidates.set(k.dst, { cidr: k.dst, via: k.gateway });
  for (const cidr of candidates.keys()) {
    if (wanted.has(cidr)) continue;
    const k = inTable.get(cidr);
    if (k && ours(k) && k.gateway) plan.remove.push({ cidr, via: k.gateway }); // else gone already, or not ours now
  }
  plan.remove.sort((a, b) => a.cidr.localeCompare(b.cidr));
  return plan;
}

/** Parses `ip -j -4 route show table main` output. */
export function parseRouteTable(json: string): KernelRoute[] {
  const rows = JSON.parse(json || '[]') as { dst?: string; gateway?: string; protocol?: string | number; type?: string }[];
  const out: KernelRoute[] = [];
  for (const r of rows) {
    if (!r.dst || r.dst === 'default') continue;
    const dst = canonicalCIDR(r.dst.includes('/') ? r.dst : `${r.dst}/32`) ?? r.dst;
    out.push({ dst, ...(r.gateway ? { gateway: r.gateway } : {}), ...(r.protocol !== undefined ? { protocol: String(r.protocol) } : {}), ...(r.type ? { type: r.type } : {}) });
  }
  return out;
}

/** The seam to the kernel's routing table (`ip route` by default; a fake in tests). */
export interface RouteOps {
  list(): Promise<KernelRoute[]>;
  replace(r: PodRoute): Promise<void>;
  remove(r: PodRoute): Promise<void>;
}

const run = promisify(execFile);
const ipError = (e: unknown) => String((e as { stderr?: string }).stderr || (e as Error).message).trim();

/** `ip route` on the main table; `netns` runs it in that named network namespace (`ip -n`), for tests. */
export function ipRouteOps(o: { netns?: string } = {}): RouteOps {
  const ip = (args: string[]) => run('ip', [...(o.netns ? ['-n', o.netns] : []), ...args]);
  return {
    async list() {
      const { stdout } = await ip(['-j', '-4', 'route', 'show', 'table', 'main']);
      return parseRouteTable(stdout);
    },
    async replace(r) {
      try { await ip(['-4', 'route', 'replace', r.cidr, 'via', r.via, 'proto', String(ROUTE_PROTO)]); } catch (e) { throw new Error(ipError(e)); }
    },
    async remove(r) {
      try {
        await ip(['-4', 'route', 'del', r.cidr, 'via', r.via, 'proto', String(ROUTE_PROTO)]);
      } catch (e) {
        const msg = ipError(e);
        if (!/No such process|No such file|not found/i.test(msg)) throw new Error(msg);
      }
    },
  };
}

export interface RouteSyncResult {
  /** Our routes now in the table (what to record). */
  owned: PodRoute[];
  conflicts: RoutePlan['conflicts'];
  errors: { route: PodRoute; action: 'replace' | 'remove'; error: string }[];
}

/** Reads the table, plans, and applies the plan; a failing route does not stop the others. */
export async function syncRoutes(desired: readonly PodRoute[], previous: readonly PodRoute[], ops: RouteOps = ipRouteOps()): Promise<RouteSyncResult> {
  const plan = planRouteSync(desired, previous, await ops.list());
  const owned: PodRoute[] = [...plan.keep];
  const errors: RouteSyncResult['errors'] = [];
  for (const r of plan.remove) {
    try { await ops.remove(r); } catch (e) { errors.push({ route: r, action: 'remove', error: (e as Error).message }); owned.push(r); }
  }
  for (const r of plan.replace) {
    try { await ops.replace(r); owned.push(r); } catch (e) { errors.push({ route: r, action: 'replace', error: (e as Error).message }); }
  }
  owned.sort((a, b) => a.cidr.localeCompare(b.cidr));
  return { owned, conflicts: plan.conflicts, errors };
}

/** The routes recorded in `file` (none when it is missing or unreadable). */
export function readRouteState(file: string): PodRoute[] {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as { routes?: PodRoute[] };
    return (v.routes ?? []).filter((r) => typeof r?.cidr === 'string' && typeof r?.via === 'string' && !!canonicalCIDR(r.cidr) && isIPv4(r.via));
  } catch {
    return [];
  }
}

export function writeRouteState(file: string, routes: readonly PodRoute[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ routes }, null, 2)}\n`);
  renameSync(tmp, file);
}

/** Removes the routes recorded in `stateFile` (those still ours) and the file: for `skiff killall`. */
export async function removeRecordedRoutes(stateFile: string, ops: RouteOps = ipRouteOps()): Promise<PodRoute[]> {
  const recorded = readRouteState(stateFile);
  const r = await syncRoutes([], recorded, ops);
  if (r.errors.length) throw new Error(`Cannot remove pod routes: ${r.errors.map((e) => `${e.route.cidr} via ${e.route.via}: ${e.error}`).join('; ')}`);
  rmSync(stateFile, { force: true });
  return recorded;
}

/** Where node objects come from: an Informer<Node> (all nodes), or anything that can list them. */
export interface NodeSource {
  list(): readonly Node[];
  hasSynced?(): boolean;
  addEventHandler?(h: { onAdd?(n: Node): void; onUpdate?(o: Node, n: Node): void; onDelete?(n: Node): void }): { remove(): void };
}

export interface RouteControllerOptions {
  nodeName: string;
  nodes: NodeSource | (() => readonly Node[]);
  /** e.g. `<data-dir>/agent/pod-routes.json` */
  stateFile: string;
  logger: Logger;
  /** @default ipRouteOps() */
  ops?: RouteOps;
  /** @default systemClock */
  clock?: Clock;
  /** Re-check the table this often even without node changes. @default 30000 */
  resyncMs?: number;
}

/**
 * Keeps this node's routes to other nodes' pod CIDRs in line with the node list. Node events only schedule a sync;
 * syncs never overlap; nothing is removed before the node source has synced (a restarted agent's empty cache must
 * not wipe the routes an earlier run added). Routes stay when the controller stops, as flannel's do.
 */
export class RouteController {
  private owned: PodRoute[];
  private readonly clock: Clock;
  private readonly ops: RouteOps;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private timer?: { cancel(): void };
  private handler?: { remove(): void };
  private lastProblems = '';

  constructor(private readonly o: RouteControllerOptions) {
    this.clock = o.clock ?? systemClock;
    this.ops = o.ops ?? ipRouteOps();
    this.owned = readRouteState(o.stateFile);
  }

  /** The routes this controller currently owns. */
  routes(): PodRoute[] { return [...this.owned]; }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const src = this.o.nodes;
    if (typeof src !== 'function' && src.addEventHandler) {
      const kick = () => this.trigger();
      this.handler = src.addEventHandler({ onAdd: kick, onUpdate: (a, b) => { if (routeRelevant(a) !== routeRelevant(b)) kick(); }, onDelete: kick });
    }
    this.trigger();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.handler?.remove();
  }

  /** Schedules a sync now; resolves when the table reflects the node list as of this call. */
  trigger(): Promise<void> {
    if (this.running) { this.again = true; return this.running; }
    this.running = (async () => {
      try {
        do { this.again = false; await this.syncOnce(); } while (this.again && !this.stopped);
      } finally {
        this.running = undefined;
        this.timer?.cancel();
        if (!this.stopped) this.timer = this.clock.setTimeout(() => void this.trigger(), this.o.resyncMs ?? 30_000);
      }
    })();
    return this.running;
  }

  private async syncOnce(): Promise<void> {
    const src = this.o.nodes;
    if (typeof src !== 'function' && src.hasSynced && !src.hasSynced()) return;
    const nodes = typeof src === 'function' ? src() : src.list();
    let r: RouteSyncResult;
    try {
      r = await syncRoutes(desiredRoutes(nodes, this.o.nodeName), this.owned, this.ops);
    } catch (e) {
      this.report(`list: ${(e as Error).message}`, () => this.o.logger.error('Cannot read the routing table', { error: (e as Error).message }));
      return;
    }
    const changed = JSON.stringify(r.owned) !== JSON.stringify(this.owned);
    this.owned = r.owned;
    if (changed) {
      try { writeRouteState(this.o.stateFile, r.owned); } catch (e) { this.o.logger.error('Cannot record pod routes', { file: this.o.stateFile, error: (e as Error).message }); }
      this.o.logger.info('Pod routes synced', { routes: r.owned.map((x) => `${x.cidr} via ${x.via}`).join(', ') || 'none' });
    }
    const problems = [...r.errors.map((e) => `${e.action} ${e.route.cidr} via ${e.route.via}: ${e.error}`), ...r.conflicts.map((c) => `${c.route.cidr}: held by a route we did not add (via ${c.existing.gateway ?? c.existing.type ?? '?'}, proto ${c.existing.protocol ?? '?'})`)].join('; ');
    this.report(problems, () => this.o.logger.error('Cannot route some pod CIDRs', { problems }));
  }

  /** Logs a problem once, not on every resync. */
  private report(problems: string, log: () => void): void {
    if (problems && problems !== this.lastProblems) log();
    this.lastProblems = problems;
  }
}

/** The parts of a Node the routes depend on (heartbeats change nothing here). */
function routeRelevant(n: Node): string {
  return JSON.stringify([n.spec?.podCIDR, n.spec?.podCIDRs, n.status?.addresses?.filter((a) => a.type === 'InternalIP')]);
}
