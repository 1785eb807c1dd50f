// Executor for root-ca-cert-publisher: reconciles per namespace, re-creates the ConfigMap when deleted.
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1.js';
import { resources, type Client, type Informer } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { done, forMapped, forObject, type ObjectKey, type Reconciler, type Result, type WatchSpec } from '../framework/index.js';
import { decideRootCA, ROOT_CA_CONFIGMAP } from './actions.js';

export class RootCACertPublisher implements Reconciler {
  readonly name = 'root-ca-cert-publisher';
  constructor(private readonly o: { client: Client; namespaces: Informer<Namespace>; configMaps: Informer<ConfigMap>; caPem: string }) {}

  watches(): WatchSpec[] {
    return [
      forObject(this.o.namespaces),
      forMapped(this.o.configMaps, (cm) => (cm.metadata?.name === ROOT_CA_CONFIGMAP ? [{ namespace: '', name: cm.metadata!.namespace! }] : [])),
    ];
  }

  async reconcile(key: ObjectKey): Promise<Result> {
    const ns = this.o.namespaces.get('', key.name);
    const cm = this.o.configMaps.get(key.name, ROOT_CA_CONFIGMAP);
    const action = decideRootCA(ns, cm, this.o.caPem);
    const cms = this.o.client.resource(resources.configMaps);
    try {
      if (action.kind === 'create') await cms.create(key.name, action.configMap);
      else if (action.kind === 'update') await cms.update(key.name, action.configMap);
    } catch (e) {
      // 409: someone else created/changed it, the informer brings the new state; 403/404: namespace going away
      if (e instanceof ApiError && [403, 404, 409].includes(e.code)) return done();
      throw e;
    }
    return done();
  }
}
