// The default profile: kube-scheduler 1.30's default plugin set, order and score weights
// (pkg/scheduler/apis/config/v1/default_plugins.go). Filter order matters: a node reports the first rejection.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Handle, PostFilterPlugin, Profile } from './framework/interfaces.js';
import type { LabelSelector } from '../machinery/selectors/labels.js';
import { NodeUnschedulable } from './plugins/nodeunschedulable/index.js';
import { NodeName } from './plugins/nodename/index.js';
import { TaintToleration } from './plugins/tainttoleration/index.js';
import { NodeAffinity } from './plugins/nodeaffinity/index.js';
import { NodePorts } from './plugins/nodeports/index.js';
import { NodeResourcesFit } from './plugins/noderesources/fit.js';
import { NodeResourcesBalancedAllocation } from './plugins/noderesources/balanced.js';
import { VolumeBinding } from './plugins/volumebinding/index.js';
import { PodTopologySpread } from './plugins/podtopologyspread/index.js';
import { InterPodAffinity } from './plugins/interpodaffinity/index.js';
import { ImageLocality } from './plugins/imagelocality/index.js';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export interface DefaultProfileOptions {
  /** @default 'default-scheduler' */
  schedulerName?: string;
  /** 0 or undefined: adaptive. */
  percentageOfNodesToScore?: number;
  /** PostFilter plugins, normally [DefaultPreemption]. @default [] */
  postFilter?: PostFilterPlugin[];
  /** Selector for PodTopologySpread's system default constraints. */
  defaultSpreadSelector?: (pod: Pod) => LabelSelector | undefined;
}

/** Score weights of kube-scheduler 1.30's default profile. */
export const DEFAULT_SCORE_WEIGHTS: Record<string, number> = {
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  VolumeBinding: 1,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesBalancedAllocation: 1,
  ImageLocality: 1,
};

export function defaultProfile(h: Handle, opts: DefaultProfileOptions = {}): Profile {
  const nodeUnschedulable = new NodeUnschedulable();
  const nodeName = new NodeName();
  const taints = new TaintToleration();
  const nodeAffinity = new NodeAffinity();
  const nodePorts = new NodePorts();
  const fit = new NodeResourcesFit();
  const balanced = new NodeResourcesBalancedAllocation();
  const volumeBinding = new VolumeBinding();
  const spread = new PodTopologySpread(h, { defaultSelector: opts.defaultSpreadSelector });
  const ipa = new InterPodAffinity(h);
  const images = new ImageLocality(h);
  const w = DEFAULT_SCORE_WEIGHTS;
  return {
    schedulerName: opts.schedulerName ?? DEFAULT_SCHEDULER_NAME,
    percentageOfNodesToScore: opts.percentageOfNodesToScore,
    preFilter: [nodeAffinity, nodePorts, fit, volumeBinding, spread, ipa],
    filter: [nodeUnschedulable, nodeName, taints, nodeAffinity, nodePorts, fit, volumeBinding, spread, ipa],
    postFilter: opts.postFilter ?? [],
    preScore: [taints, nodeAffinity, fit, volumeBinding, spread, ipa, balanced],
    score: [taints, nodeAffinity, fit, volumeBinding, spread, ipa, balanced, images].map((plugin) => ({ plugin, weight: w[plugin.name] ?? 1 })),
    reserve: [],
    permit: [],
  };
}
