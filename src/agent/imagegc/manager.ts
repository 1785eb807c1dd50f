// Runs image GC every 5 minutes (the kubelet's ImageGCPeriod): tracks when each image was first seen and last used
// by a container, reads the image filesystem's usage, and removes what decideImageGC chooses, with events.
import { statfsSync } from 'node:fs';
import type { Clock } from '../../machinery/clock.js';
import type { Logger } from '../../machinery/log.js';
import type { Runtime } from '../runtime/runtime.js';
import { DEFAULT_POLICY, decideImageGC, type GCPolicy, type ImageRecord } from './decide.js';

export interface ImageGCOptions {
  runtime: Runtime;
  clock: Clock;
  /** A path on the image filesystem (containerd's root): its capacity and usage decide. */
  imageFsPath: string;
  /** For tests: the filesystem's capacity and used bytes. @default statfs(imageFsPath) */
  fsUsage?: () => { capacityBytes: number; usedBytes: number };
  /** Never removed (the sandbox image). */
  pinned?: string[];
  policy?: GCPolicy;
  /** @default 300000 */ periodMs?: number;
  /** Node events: (type, reason, message). */
  event?: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  logger?: Logger;
}

export class ImageGC {
  private readonly seen = new Map<string, { firstSeen: number; lastUsed: number }>();
  private timer?: { cancel(): void };

  constructor(private readonly o: ImageGCOptions) {}

  start(): void {
    const tick = () => {
      this.timer = this.o.clock.setTimeout(() => { void this.run().catch((e) => this.o.logger?.info('image garbage collection failed', { error: String(e) })).finally(tick); }, this.o.periodMs ?? 300_000);
    };
    tick();
  }

  stop(): void { this.timer?.cancel(); }

  /** One pass; resolves to the image ids removed. */
  async run(): Promise<string[]> {
    const now = this.o.clock.now();
    const [images, containers] = await Promise.all([this.o.runtime.listImages(), this.o.runtime.listContainers()]);
    const inUse = new Set(containers.map((c) => c.imageRef));
    for (const c of containers) if (c.image?.image) inUse.add(c.image.image);
    const pinnedRefs = new Set(this.o.pinned ?? []);
    const records: ImageRecord[] = [];
    for (const im of images) {
      const s = this.seen.get(im.id) ?? { firstSeen: now, lastUsed: now };
      const used = inUse.has(im.id) || im.repoTags.some((t) => inUse.has(t)) || im.repoDigests.some((d) => inUse.has(d));
      if (used) { s.lastUsed = now; inUse.add(im.id); }
      this.seen.set(im.id, s);
      records.push({ id: im.id, size: im.size, pinned: im.pinned || im.repoTags.some((t) => pinnedRefs.has(t)), ...s });
    }
    for (const id of [...this.seen.keys()]) if (!images.some((i) => i.id === id)) this.seen.delete(id);
    const fs = (this.o.fsUsage ?? (() => statfsUsage(this.o.imageFsPath)))();
    const d = decideImageGC({ now, capacityBytes: fs.capacityBytes, usedBytes: fs.usedBytes, images: records, inUse, policy: this.o.policy ?? DEFAULT_POLICY });
    for (const id of d.remove) {
      await this.o.runtime.removeImage({ image: id });
      this.seen.delete(id);
    }
    if (d.shortfall) this.o.event?.('Warning', 'ImageGCFailed', d.shortfall);
    if (d.remove.length) this.o.logger?.info('Removed unused images', { count: d.remove.length, bytesToFree: d.bytesToFree });
    return d.remove;
  }
}

function statfsUsage(path: string): { capacityBytes: number; usedBytes: number } {
  const st = statfsSync(path);
  return { capacityBytes: st.blocks * st.bsize, usedBytes: (st.blocks - st.bavail) * st.bsize };
}
