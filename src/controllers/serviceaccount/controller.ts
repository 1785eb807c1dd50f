// The ServiceAccounts controller: every active namespace keeps its `default` ServiceAccount (re-created when deleted).
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { resources, type Client, type Informer } from '../../client/index.js';
import { ApiError } from '../../machinery/errors.js';
import { done, forMapped, forObject, type ObjectKey, type ReconcileContext, type Reconciler, type Result, type WatchSpec } from '../framework/index.js';
import { DEFAULT_SERVICE_ACCOUNTS, computeServiceAccountsToCreate } from './actions.js';

export interface ServiceAccountsControllerOptions {
  client: Client;
  namespaces: Informer<Namespace>;
  serviceAccounts: Informer<ServiceAccount>;
  /** Accounts every active namespace gets. @default ['default'] */
  names?: readonly string[];
}

export class ServiceAccountsController implements Reconciler {
  readonly name = 'serviceaccount';
  constructor(private readonly o: ServiceAccountsControllerOptions) {}

  /** Keys are namespace names; a ServiceAccount change maps to its namespace. */
  watches(): WatchSpec[] {
    return [
      forObject(this.o.namespaces),
      forMapped(this.o.serviceAccounts, (sa) => (sa.metadata?.namespace ? [{ namespace: '', name: sa.metadata.namespace }] : [])),
    ];
  }

  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<Result> {
    const ns = this.o.namespaces.get(key.name);
    if (!ns) return done();
    const missing = computeServiceAccountsToCreate([ns], this.o.serviceAccounts.list(key.name), this.o.names ?? DEFAULT_SERVICE_ACCOUNTS);
    for (const sa of missing) {
      ctx.logger.debug('Creating service account', { namespace: key.name, serviceAccount: sa.metadata?.name });
      try {
        await this.o.client.resource(resources.serviceAccounts).create(key.name, sa);
      } catch (e) {
        // AlreadyExists: someone was faster; NotFound/Forbidden: the namespace is gone or terminating.
        if (!(e instanceof ApiError && (e.code === 409 || e.code === 404 || (e.code === 403 && /being terminated/.test(e.message))))) throw e;
      }
    }
    return done();
  }
}
