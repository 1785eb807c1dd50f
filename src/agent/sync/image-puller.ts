// Makes sure a container's image is present before it is created (the kubelet's images/image_manager.go
// EnsureImageExists): pull policy (Always / IfNotPresent / Never; a `:latest` or untagged image defaults to
// Always), imagePullSecrets, per pod×image back-off (10 s doubling to 300 s), and the kubelet's events.
import type { Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../machinery/clock.js';
import { BackOff } from '../kubelet/backoff.js';
import type { WaitingReason } from '../kubelet/types.js';
import type { Runtime } from '../runtime/runtime.js';
import type { AuthConfig, PodSandboxConfig } from '../runtime/types.js';
import { errorText, goDurationMs } from './durations.js';
import { pullCredentials } from './pull-secrets.js';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** The API default: Always for `:latest` or no tag (and no digest), IfNotPresent otherwise. */
export function effectivePullPolicy(container: Container): PullPolicy {
  const p = container.imagePullPolicy;
  if (p === 'Always' || p === 'IfNotPresent' || p === 'Never') return p;
  const image = container.image ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return colon < 0 || last.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

export interface PodEventSink { (type: 'Normal' | 'Warning', reason: string, message: string): void }

export type EnsureImageResult = { ok: true; imageRef: string } | { ok: false; waiting: WaitingReason; retryAfterMs?: number };

export interface ImagePullerOptions {
  runtime: Runtime;
  clock: Clock;
  /** Reads the pod's imagePullSecrets (missing ones are skipped, as the kubelet does). */
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  /** @default 10_000 */ backOffInitialMs?: number;
  /** @default 300_000 */ backOffMaxMs?: number;
}

export class ImagePuller {
  readonly backoff: BackOff;
  /** Last failure per pod×image: back-off is measured from it (the kubelet's IsInBackOffSinceUpdate). */
  private readonly failedAt = new Map<string, number>();
  constructor(private readonly o: ImagePullerOptions) {
    this.backoff = new BackOff({ clock: o.clock, initialMs: o.backOffInitialMs ?? 10_000, maxMs: o.backOffMaxMs ?? 300_000 });
  }

  async ensureImage(pod: Pod, container: Container, sandbox: PodSandboxConfig | undefined, event: PodEventSink): Promise<EnsureImageResult> {
    const image = container.image ?? '';
    if (!image) return { ok: false, waiting: { reason: 'InvalidImageName', message: 'Failed to apply default image tag "": couldn\'t parse image name "": invalid reference format' } };
    const policy = effectivePullPolicy(container);
    const present = policy === 'Always' ? null : (await this.o.runtime.imageStatus({ image })).image;
    if (present) {
      event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return { ok: true, imageRef: present.id };
    }
    if (policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      event('Warning', 'ErrImageNeverPull', message);
      return { ok: false, waiting: { reason: 'ErrImageNeverPull', message } };
    }
    const key = `${pod.metadata?.uid ?? ''}_${image}`;
    const now = this.o.clock.now();
    const failedAt = this.failedAt.get(key);
    if (failedAt !== undefined && this.backoff.isInBackOffSince(key, failedAt)) {
      const message = `Back-off pulling image "${image}"`;
      event('Normal', 'BackOff', message);
      return { ok: false, waiting: { reason: 'ImagePullBackOff', message }, retryAfterMs: this.backoff.remaining(key, failedAt) };
    }
    event('Normal', 'Pulling', `Pulling image "${image}"`);
    const started = this.o.clock.now();
    try {
      const ref = await this.pullWithCredentials(pod, image, sandbox);
      const took = goDurationMs(this.o.clock.now() - started);
      const size = (await this.o.runtime.imageStatus({ image: ref })).image?.size ?? 0;
      event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${size} bytes.`);
      this.failedAt.delete(key);
      this.backoff.gc();
      return { ok: true, imageRef: ref };
    } catch (err) {
      const text = errorText(err);
      event('Warning', 'Failed', `Failed to pull image "${image}": ${text}`);
      this.backoff.next(key, this.o.clock.now());
      this.failedAt.set(key, this.o.clock.now());
      return { ok: false, waiting: { reason: 'ErrImagePull', message: text }, retryAfterMs: this.backoff.get(key) };
    }
  }

  /** Tries each matching credential in turn, then anonymously when none matched (as the kubelet's puller). */
  private async pullWithCredentials(pod: Pod, image: string, sandbox: PodSandboxConfig | undefined): Promise<string> {
    const ns = pod.metadata?.namespace ?? 'default';
    const secrets: Secret[] = [];
    for (const ref of pod.spec?.imagePullSecrets ?? []) {
      if (!ref.name) continue;
      const s = await this.o.secret(ns, ref.name);
      if (s) secrets.push(s);
    }
    const auths: (AuthConfig | undefined)[] = pullCredentials(image, secrets);
    if (auths.length === 0) auths.push(undefined);
    let lastErr: unknown;
    for (const auth of auths) {
      try {
        return await this.o.runtime.pullImage({ image }, auth, sandbox);
      } catch (e) {
        lastErr = e;
      }
    }
    throw lastErr;
  }
}
