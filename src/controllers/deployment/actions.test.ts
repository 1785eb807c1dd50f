import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  equalIgnoreHash, podTemplateHash, resolveFenceposts, setNewReplicaSetAnnotations, syncDeployment, type DeploymentPlan,
} from './actions.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
type M<T> = { -readonly [K in keyof T]: T[K] };

function deployment(image: string, o: { replicas?: number; surge?: number | string; unavail?: number | string; strategy?: string; paused?: boolean; generation?: number; history?: number } = {}): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: o.generation ?? 1, annotations: { 'kubernetes.io/change-cause': `set image ${image}` } },
    spec: {
      replicas: o.replicas ?? 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: o.strategy === 'Recreate' ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxSurge: o.surge ?? '25%', maxUnavailable: o.unavail ?? '25%' } },
      progressDeadlineSeconds: 600, revisionHistoryLimit: o.history ?? 10, minReadySeconds: 0,
      paused: o.paused,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image, resources: {} }] } },
    },
  };
}

/** A toy cluster: RSs whose pods appear at once and become available one sync later. */
class World {
  rss: M<ReplicaSet>[] = [];
  d: M<Deployment>;
  now = T0;
  seq = 0;
  constructor(d: Deployment) { this.d = structuredClone(d) as M<Deployment>; }
  apply(plan: DeploymentPlan): void {
    for (const a of plan.adopt) {
      const rs = this.rss.find((r) => r.metadata?.name === a.metadata?.name)!;
      rs.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true }];
    }
    if (plan.create) {
      const rs = structuredClone(plan.create) as M<ReplicaSet>;
      rs.metadata = { ...rs.metadata, uid: `rs-${++this.seq}`, creationTimestamp: iso(this.now + this.seq), generation: 1 };
      rs.status = { replicas: 0, availableReplicas: 0, readyReplicas: 0, observedGeneration: 1 };
      this.rss.push(rs);
    }
    for (const u of plan.update) {
      const i = this.rss.findIndex((r) => r.metadata?.name === u.metadata?.name);
      this.rss[i] = { ...structuredClone(u), status: this.rss[i]!.status } as M<ReplicaSet>;
    }
    this.rss = this.rss.filter((r) => !plan.delete.some((x) => x.metadata?.name === r.metadata?.name));
    if (plan.annotations) this.d.metadata = { ...this.d.metadata, annotations: plan.annotations };
    if (plan.status) this.d.status = plan.status;
  }
  /** Pods follow spec at once (unready pods deleted first); new pods are unavailable until `ripen`. */
  reconcilePods(): void {
    for (const rs of this.rss) {
      const want = rs.spec!.replicas!;
      const s = rs.status ?? { replicas: 0 };
      const avail = Math.min(s.availableReplicas ?? 0, want);
      rs.status = { ...s, replicas: want, availableReplicas: avail, readyReplicas: avail, observedGeneration: 1 };
    }
  }
  ripen(): void {
    for (const rs of this.rss) rs.status = { ...rs.status!, availableReplicas: rs.status!.replicas, readyReplicas: rs.status!.replicas };
  }
  sync(): DeploymentPlan {
    const plan = syncDeployment(this.d, this.rss, [], this.now);
    this.apply(plan);
    return plan;
  }
  pods(): number { return this.rss.reduce((n, r) => n + (r.status?.replicas ?? 0), 0); }
  available(): number { return this.rss.reduce((n, r) => n + (r.status?.availableReplicas ?? 0), 0); }
  byImage(image: string): M<ReplicaSet> | undefined { return this.rss.find((r) => r.spec?.template?.spec?.containers[0]?.image === image); }
  converge(maxSteps = 50, check?: () => void): void {
    for (let i = 0; i < maxSteps; i++) {
      this.now += 1000;
      const plan = this.sync();
      this.reconcilePods(); check?.();
      this.ripen(); check?.();
      if (!plan.create && plan.update.length === 0 && !plan.status && plan.delete.length === 0) return;
    }
    throw new Error('did not converge');
  }
}

test('resolveFenceposts rounds surge up and unavailable down; both zero gives unavailable 1', () => {
  assert.deepEqual(resolveFenceposts('25%', '25%', 10), { surge: 3, unavailable: 2 });
  assert.deepEqual(resolveFenceposts('25%', '25%', 1), { surge: 1, unavailable: 0 });
  assert.deepEqual(resolveFenceposts(0, '10%', 5), { surge: 0, unavailable: 1 });
  assert.deepEqual(resolveFenceposts(2, 0, 5), { surge: 2, unavailable: 0 });
});

test('podTemplateHash is stable, ignores pod-template-hash and empty fields, and changes with collisionCount', () => {
  const t = deployment('nginx:1').spec!.template;
  const h = podTemplateHash(t);
  assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  assert.equal(podTemplateHash(structuredClone(t)), h);
  const noisy = { metadata: { creationTimestamp: null, labels: { app: 'web', 'pod-template-hash': h } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
  assert.equal(podTemplateHash(noisy as never), h);
  assert.ok(equalIgnoreHash(noisy as never, t));
  assert.notEqual(podTemplateHash(t, 1), h);
  assert.notEqual(podTemplateHash(deployment('nginx:2').spec!.template), h);
  assert.ok(!equalIgnoreHash(deployment('nginx:2').spec!.template, t));
});

test('syncDeployment creates the first ReplicaSet with owner, hash label, selector, revision and replica annotations', () => {
  const plan = syncDeployment(deployment('nginx:1'), [], [], T0);
  const rs = plan.create!;
  const hash = podTemplateHash(deployment('nginx:1').spec!.template);
  assert.equal(rs.metadata?.name, `web-${hash}`);
  assert.deepEqual(rs.metadata?.labels, { app: 'web', 'pod-template-hash': hash });
  assert.deepEqual(rs.spec?.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
  assert.equal(rs.spec?.template?.metadata?.labels?.['pod-template-hash'], hash);
  assert.equal(rs.spec?.replicas, 10);
  assert.deepEqual(rs.metadata?.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual(rs.metadata?.annotations, {
    'kubernetes.io/change-cause': 'set image nginx:1', 'deployment.kubernetes.io/revision': '1',
    'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '13',
  });
  assert.equal(plan.annotations?.['deployment.kubernetes.io/revision'], '1');
  const prog = plan.status?.conditions?.find((c) => c.type === 'Progressing');
  assert.deepEqual([prog?.status, prog?.reason, prog?.message], ['True', 'NewReplicaSetCreated', `Created new replica set "web-${hash}"`]);
  const avail = plan.status?.conditions?.find((c) => c.type === 'Available');
  assert.deepEqual([avail?.status, avail?.reason, avail?.message], ['False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.']);
  assert.deepEqual(plan.events, [{ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set web-${hash} from 0 to 10` }]);
  assert.equal(plan.requeueAfterMs, 601_000);
});

test('rolling update of 10 replicas (25%/25%) never exceeds 13 pods nor drops below 8 available', () => {
  const w = new World(deployment('nginx:1'));
  w.converge();
  assert.equal(w.pods(), 10);
  const first = w.byImage('nginx:1')!;
  const prog1 = w.d.status?.conditions?.find((c) => c.type === 'Progressing');
  assert.equal(prog1?.message, `ReplicaSet "${first.metadata?.name}" has successfully progressed.`);

  w.d = { ...deployment('nginx:2', { generation: 2 }), metadata: { ...deployment('nginx:2', { generation: 2 }).metadata, annotations: { ...w.d.metadata!.annotations, 'kubernetes.io/change-cause': 'set image nginx:2' } }, status: w.d.status } as M<Deployment>;
  let maxPods = 0, minAvail = Infinity, steps = 0;
  w.converge(50, () => { maxPods = Math.max(maxPods, w.pods()); minAvail = Math.min(minAvail, w.available()); steps++; });
  assert.equal(maxPods, 13);
  assert.equal(minAvail, 8);
  assert.ok(steps > 4, 'the rollout takes several steps');
  const second = w.byImage('nginx:2')!;
  assert.equal(second.spec?.replicas, 10);
  assert.equal(w.byImage('nginx:1')!.spec?.replicas, 0);
  assert.equal(second.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
  assert.equal(second.metadata?.annotations?.['kubernetes.io/change-cause'], 'set image nginx:2');
  assert.equal(w.d.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
  const s = w.d.status!;
  assert.deepEqual([s.replicas, s.updatedReplicas, s.readyReplicas, s.availableReplicas, s.unavailableReplicas ?? 0, s.observedGeneration], [10, 10, 10, 10, 0, 2]);
  const prog = s.conditions?.find((c) => c.type === 'Progressing');
  assert.deepEqual([prog?.reason, prog?.message], ['NewReplicaSetAvailable', `ReplicaSet "${second.metadata?.name}" has successfully progressed.`]);

  // rollout undo: the template of revision 1 comes back (as kubectl sends it); its RS is re-used with revision 3.
  const undoTemplate = { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1', resources: {} }] } };
  w.d = { ...w.d, metadata: { ...w.d.metadata, generation: 3 }, spec: { ...w.d.spec!, template: undoTemplate as never } };
  const rsCount = w.rss.length;
  w.converge();
  assert.equal(w.rss.length, rsCount, 'no new ReplicaSet for a rollback');
  assert.equal(w.byImage('nginx:1')!.spec?.replicas, 10);
  assert.equal(w.byImage('nginx:1')!.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
  assert.equal(w.byImage('nginx:1')!.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
  assert.equal(w.d.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
});

test('maxSurge 0 / maxUnavailable 1 scales down before it scales up', () => {
  const w = new World(deployment('a', { replicas: 3, surge: 0, unavail: 1 }));
  w.converge();
  w.d = { ...deployment('b', { replicas: 3, surge: 0, unavail: 1, generation: 2 }), status: w.d.status } as M<Deployment>;
  let maxPods = 0, minAvail = Infinity;
  w.converge(50, () => { maxPods = Math.max(maxPods, w.pods()); minAvail = Math.min(minAvail, w.available()); });
  assert.equal(maxPods, 3);
  assert.equal(minAvail, 2);
  assert.equal(w.byImage('b')!.spec?.replicas, 3);
});

test('Recreate scales old to zero, waits for old pods, then creates the new ReplicaSet at full size', () => {
  const w = new World(deployment('a', { replicas: 3, strategy: 'Recreate' }));
  w.converge();
  w.d = { ...deployment('b', { replicas: 3, strategy: 'Recreate', generation: 2 }), status: w.d.status } as M<Deployment>;
  w.now += 1000;
  const p1 = w.sync();
  assert.equal(p1.create, undefined);
  assert.deepEqual(p1.update.map((r) => r.spec?.replicas), [0]);
  // Old RS still reports pods, and a pod is still terminating: no new RS yet.
  const oldUid = w.byImage('a')!.metadata!.uid!;
  const terminating: Pod = { metadata: { name: 'x', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'o', uid: oldUid, controller: true }] }, status: { phase: 'Running' } };
  w.reconcilePods();
  assert.equal(syncDeployment(w.d, w.rss, [terminating], w.now).create, undefined);
  const p3 = syncDeployment(w.d, w.rss, [], w.now);
  assert.equal(p3.create?.spec?.replicas, 3);
});

test('scaling mid-rollout shares the new replicas proportionally (kube example 10→15 with surge 3)', () => {
  const d = deployment('b', { replicas: 15, generation: 3 });
  const mk = (name: string, image: string, replicas: number, created: number): ReplicaSet => ({
    metadata: { name, namespace: 'default', uid: name, creationTimestamp: iso(created), generation: 1,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true }],
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': image === 'a' ? '1' : '2', 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '13' } },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: deployment(image).spec!.template },
    status: { replicas, availableReplicas: replicas - 2 },
  });
  const rss = [mk('old', 'a', 8, T0 - 10_000), mk('new', 'b', 5, T0 - 1_000)];
  const plan = syncDeployment({ ...d, status: { replicas: 13 } }, rss, [], T0);
  const sizes = Object.fromEntries(plan.update.map((r) => [r.metadata?.name, r.spec?.replicas]));
  // 15 + 4 surge = 19 allowed, 6 to add: old 8*19/13 = 11.7 → +4 (12), new gets the remaining +2 (7).
  assert.deepEqual(sizes, { old: 12, new: 7 });
  for (const r of plan.update) assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], '15');
});

test('a paused deployment only scales and reports DeploymentPaused; resume reports DeploymentResumed', () => {
  const w = new World(deployment('a', { replicas: 2 }));
  w.converge();
  w.d = { ...deployment('b', { replicas: 4, paused: true, generation: 2 }), status: w.d.status } as M<Deployment>;
  const plan = w.sync();
  assert.equal(plan.create, undefined, 'no rollout while paused');
  assert.deepEqual(plan.update.map((r) => r.spec?.replicas), [4]);
  const prog = plan.status?.conditions?.find((c) => c.type === 'Progressing');
  assert.deepEqual([prog?.status, prog?.reason, prog?.message], ['Unknown', 'DeploymentPaused', 'Deployment is paused']);
  w.d = { ...w.d, spec: { ...w.d.spec!, paused: false } };
  const resumed = syncDeployment(w.d, w.rss, [], w.now);
  assert.ok(resumed.create, 'the rollout starts after resume');
  assert.equal(resumed.status?.conditions?.find((c) => c.type === 'Progressing')?.reason, 'NewReplicaSetCreated');
});

test('a stuck rollout times out after progressDeadlineSeconds with kube\'s message', () => {
  const w = new World(deployment('a', { replicas: 2 }));
  w.converge();
  w.d = { ...deployment('b', { replicas: 2, generation: 2 }), status: w.d.status } as M<Deployment>;
  w.now += 1000;
  const p = w.sync();
  w.reconcilePods(); // new pods never become available
  assert.equal(p.requeueAfterMs, 601_000);
  let plan = syncDeployment(w.d, w.rss, [], w.now + 300_000);
  w.apply(plan);
  assert.equal(plan.status?.conditions?.find((c) => c.type === 'Progressing')?.reason ?? w.d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason, 'ReplicaSetUpdated');
  plan = syncDeployment(w.d, w.rss, [], w.now + 1_000_000);
  const prog = plan.status?.conditions?.find((c) => c.type === 'Progressing');
  const name = w.byImage('b')!.metadata?.name;
  assert.deepEqual([prog?.status, prog?.reason, prog?.message], ['False', 'ProgressDeadlineExceeded', `ReplicaSet "${name}" has timed out progressing.`]);
  assert.equal(plan.requeueAfterMs, undefined);
});

test('cleanup deletes the oldest zero-sized ReplicaSets beyond revisionHistoryLimit', () => {
  const w = new World(deployment('v1', { replicas: 1, history: 1 }));
  for (const [i, img] of ['v1', 'v2', 'v3'].entries()) {
    w.d = { ...deployment(img, { replicas: 1, history: 1, generation: i + 1 }), metadata: { ...deployment(img).metadata, generation: i + 1, annotations: w.d.metadata?.annotations }, status: w.d.status } as M<Deployment>;
    w.converge();
  }
  assert.deepEqual(w.rss.map((r) => r.spec?.template?.spec?.containers[0]?.image).sort(), ['v2', 'v3']);
});

test('a name collision with a foreign ReplicaSet bumps collisionCount', () => {
  const d = deployment('a');
  const hash = podTemplateHash(d.spec!.template);
  const foreign: ReplicaSet = { metadata: { name: `web-${hash}`, namespace: 'default', uid: 'f', labels: { other: 'x' } }, spec: { selector: { matchLabels: { other: 'x' } }, template: deployment('zzz').spec!.template } };
  const plan = syncDeployment(d, [foreign], [], T0);
  assert.equal(plan.create, undefined);
  assert.equal(plan.status?.collisionCount, 1);
  const again = syncDeployment({ ...d, status: plan.status }, [foreign], [], T0);
  assert.equal(again.create?.metadata?.name, `web-${podTemplateHash(d.spec!.template, 1)}`);
});

test('orphan ReplicaSets matching the selector are adopted and re-used', () => {
  const d = deployment('a', { replicas: 2 });
  const orphan: ReplicaSet = { metadata: { name: 'web-old', namespace: 'default', uid: 'o', creationTimestamp: iso(T0), labels: { app: 'web' } }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: d.spec!.template }, status: { replicas: 2, availableReplicas: 2, readyReplicas: 2 } };
  const plan = syncDeployment(d, [orphan], [], T0);
  assert.deepEqual(plan.adopt.map((r) => r.metadata?.name), ['web-old']);
  assert.equal(plan.create, undefined);
  assert.equal(plan.update[0]?.metadata?.annotations?.['deployment.kubernetes.io/revision'], '1');
});

test('setNewReplicaSetAnnotations trims revision-history to the character limit', () => {
  const d = deployment('a');
  const rs = { metadata: { annotations: { 'deployment.kubernetes.io/revision': '7', 'deployment.kubernetes.io/revision-history': '1,3,5' } } } as M<ReplicaSet>;
  assert.equal(setNewReplicaSetAnnotations(d, rs, 9, true, 6), true);
  assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'], '9');
  assert.equal(rs.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '3,5,7');
});
