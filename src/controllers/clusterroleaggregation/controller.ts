// clusterrole-aggregation: keeps the rules of aggregated ClusterRoles (admin, edit, view, CRD roles) current.
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { type Client, type Informer } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { done, forMapped, type ObjectKey, type Reconciler, type Result, type WatchSpec } from '../framework/index.js';
import { aggregatedRules, rulesNeedUpdate } from './actions.js';

export const clusterRolesGVR = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', namespaced: false, kind: 'ClusterRole' };

export class ClusterRoleAggregationController implements Reconciler {
  readonly name = 'clusterrole-aggregation';
  constructor(private readonly o: { client: Client; clusterRoles: Informer<ClusterRole> }) {}

  /** Any change to any ClusterRole may change an aggregate: enqueue every aggregated role. */
  watches(): WatchSpec[] {
    return [forMapped(this.o.clusterRoles, () => this.o.clusterRoles.list().filter((r) => r.aggregationRule).map((r) => ({ namespace: '', name: r.metadata!.name! })))];
  }

  async reconcile(key: ObjectKey): Promise<Result> {
    const role = this.o.clusterRoles.get(key);
    if (!role) return done();
    const rules = aggregatedRules(role, this.o.clusterRoles.list());
    if (!rules || !rulesNeedUpdate(role, rules)) return done();
    try {
      await this.o.client.resource<ClusterRole>(clusterRolesGVR).update('', { ...role, rules });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 409 || e.code === 404)) return done(); // a newer version re-queues us
      throw e;
    }
    return done();
  }
}
