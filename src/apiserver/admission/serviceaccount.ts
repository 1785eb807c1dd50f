// Every namespace gets a `default` ServiceAccount (the ServiceAccount controller's job in Kubernetes; the API server
// does it here right after the namespace is created, and the controller manager keeps it so).
import type { ApiServer } from '../server.js';
import { ApiError } from '../../machinery/errors.js';

export async function ensureDefaultServiceAccount(s: ApiServer, namespace: string): Promise<void> {
  const store = s.entry('', 'v1', 'serviceaccounts').store!;
  if (await store.tryGet(namespace, 'default')) return;
  try {
    await store.create(namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } });
  } catch (e) {
    if (!(e instanceof ApiError && e.reason === 'AlreadyExists')) throw e;
  }
}
