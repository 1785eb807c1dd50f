// status.images as the kubelet reports them: the 50 largest images, each named by up to 5 of its digests then tags.
import type { ContainerImage } from 'kubernetes-types/core/v1.js';

/** --node-status-max-images default. */
export const MAX_IMAGES_IN_NODE_STATUS = 50;
/** MaxNamesPerImageInNodeStatus. */
export const MAX_NAMES_PER_IMAGE = 5;

/** The fields of a CRI Image this needs. */
export interface ImageLike { repoTags?: string[]; repoDigests?: string[]; size: number | string }

export function nodeImages(list: readonly ImageLike[], max = MAX_IMAGES_IN_NODE_STATUS): ContainerImage[] {
  return [...list]
    .map((i) => ({ names: [...(i.repoDigests ?? []), ...(i.repoTags ?? [])].slice(0, MAX_NAMES_PER_IMAGE), sizeBytes: Number(i.size) }))
    .filter((i) => i.names.length > 0)
    .sort((a, b) => b.sizeBytes - a.sizeBytes)
    .slice(0, max < 0 ? undefined : max);
}
