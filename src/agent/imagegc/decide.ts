// Image garbage collection, the kubelet's policy (pkg/kubelet/images/image_gc_manager.go): when the image
// filesystem's usage goes above HighThresholdPercent (85), delete images no container uses, least recently used
// first, until usage is below LowThresholdPercent (80). Images used by any container (running or not), pinned
// images (the pause image) and images younger than MinAge are never deleted.

export interface ImageRecord {
  id: string;
  size: number;
  pinned: boolean;
  /** First time this agent saw the image (ms). */
  firstSeen: number;
  /** Last time a container used it (ms); firstSeen when never used. */
  lastUsed: number;
}

export interface GCPolicy {
  /** @default 85 */ highThresholdPercent: number;
  /** @default 80 */ lowThresholdPercent: number;
  /** @default 2 minutes */ minAgeMs: number;
}

export const DEFAULT_POLICY: GCPolicy = { highThresholdPercent: 85, lowThresholdPercent: 80, minAgeMs: 2 * 60_000 };

export interface GCInput {
  now: number;
  capacityBytes: number;
  /** Bytes in use on the image filesystem. */
  usedBytes: number;
  images: ImageRecord[];
  inUse: Set<string>;
  policy?: GCPolicy;
}

export interface GCDecision {
  /** Bytes to free (0 when below the high threshold). */
  bytesToFree: number;
  /** Image ids to delete, in order. */
  remove: string[];
  /** What the kubelet reports when it cannot free enough: `Failed to garbage collect required amount of images. Attempted to free X bytes, but only found Y bytes eligible to free.` */
  shortfall?: string;
}

export function decideImageGC(i: GCInput): GCDecision {
  const p = i.policy ?? DEFAULT_POLICY;
  if (i.capacityBytes <= 0) return { bytesToFree: 0, remove: [] };
  const usagePercent = (100 * i.usedBytes) / i.capacityBytes;
  if (usagePercent < p.highThresholdPercent) return { bytesToFree: 0, remove: [] };
  const bytesToFree = Math.ceil(i.usedBytes - (p.lowThresholdPercent * i.capacityBytes) / 100);
  const candidates = i.images
    .filter((im) => !im.pinned && !i.inUse.has(im.id) && i.now - im.firstSeen >= p.minAgeMs)
    .sort((a, b) => a.lastUsed - b.lastUsed || a.firstSeen - b.firstSeen);
  const remove: string[] = [];
  let freed = 0;
  for (const c of candidates) {
    if (freed >= bytesToFree) break;
    remove.push(c.id);
    freed += c.size;
  }
  const shortfall = freed < bytesToFree
    ? `Failed to garbage collect required amount of images. Attempted to free ${bytesToFree} bytes, but only found ${freed} bytes eligible to free.`
    : undefined;
  return { bytesToFree, remove, ...(shortfall ? { shortfall } : {}) };
}
