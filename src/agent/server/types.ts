// Options of the agent's HTTPS endpoint (the kubelet's :10250) and what it needs from the rest of the agent.
import type { PeerCertificate } from 'node:tls';
import type { Clock } from '../../machinery/clock.js';
import type { Logger } from '../../machinery/log.js';
import type { Runtime } from '../runtime/runtime.js';
import type { HostStatsReader } from './host-stats.js';

/** What the agent's pod cache knows about a pod (and one of its containers, when a name was given). */
export interface PodTarget {
  podUid: string;
  podIP: string;
  hostNetwork: boolean;
  /** The running (or latest) container of that name, when it exists. */
  containerId?: string;
  sandboxId?: string;
}

export type ResolvePod = (namespace: string, pod: string, container?: string) => PodTarget | undefined | Promise<PodTarget | undefined>;

export interface KubeletServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** @default '0.0.0.0' */
  host?: string;
  /** PEM strings: the serving certificate and key, and the CA client certificates must be signed by. */
  tls: { cert: string | Buffer; key: string | Buffer; ca: string | Buffer };
  runtime: Runtime;
  resolve: ResolvePod;
  /** @default '/var/log/pods' */
  logsDir?: string;
  /** Whether a verified client certificate may use the endpoint. @default CN kube-apiserver-kubelet-client or O system:masters */
  authorize?: (peerCert: PeerCertificate) => boolean;
  /** Node name reported by /stats/summary. @default os.hostname() */
  nodeName?: string;
  /** @default systemClock */
  clock?: Clock;
  logger?: Logger;
  /** Host CPU/memory for /stats/summary. @default readHostStats('/proc') */
  hostStats?: HostStatsReader;
  /** How often CPU counters are sampled for usageNanoCores. @default 10000 */
  statsSampleIntervalMs?: number;
  /** Polling period of `follow` log reads. @default 500 */
  logPollMs?: number;
}
