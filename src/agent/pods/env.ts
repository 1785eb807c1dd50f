// Container environment as the kubelet builds it (kubelet_pods.go makeEnvironmentVariables): service variables,
// then envFrom (in order, later sources win), then env (in order, each value expanded against what is defined so
// far plus the service variables), then the service variables nobody overrode. Then `$(VAR)` in command and args.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { KeyValue } from './cri-types.js';
import { expand, lookupIn } from './expansion.js';
import { podFieldValue, podResourceValue, containerResourceValue, withAllocatableLimits, type PodRuntimeFacts } from './fieldpath.js';
import { decodeSecretValue, notFoundMessage, type ObjectLookups } from './lookups.js';

export interface EnvOptions extends PodRuntimeFacts {
  /** Docker-link style service variables (FOO_SERVICE_HOST…), when enableServiceLinks; plus KUBERNETES_*. */
  serviceEnv?: Record<string, string>;
}

export interface PodEvent { type: 'Normal' | 'Warning'; reason: string; message: string }

export interface EnvResult {
  envs: KeyValue[];
  /** Fatal: the container must not be created (reason CreateContainerConfigError, message errors[0]). */
  errors: string[];
  /** Worth an Event on the pod (invalid envFrom keys were skipped). */
  events: PodEvent[];
  /** command and args with $(VAR) expanded against envs. */
  command: string[];
  args: string[];
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** validation.IsEnvVarName. */
export const isEnvVarName = (name: string): boolean => ENV_NAME.test(name);

/** Expands `$(VAR)` in command and args (ExpandContainerCommandAndArgs). */
export function expandCommandAndArgs(container: Container, envs: KeyValue[]): { command: string[]; args: string[] } {
  const vars = lookupIn(new Map(envs.map((e) => [e.key, e.value])));
  return {
    command: (container.command ?? []).map((c) => expand(c, vars)),
    args: (container.args ?? []).map((a) => expand(a, vars)),
  };
}

class EnvError extends Error {}

/** Resolves env, envFrom and valueFrom for one container of `pod`. Stops at the first fatal error, as the kubelet. */
export async function resolveEnv(pod: Pod, container: Container, lookups: ObjectLookups, opts: EnvOptions): Promise<EnvResult> {
  const ns = pod.metadata?.namespace ?? 'default';
  const events: PodEvent[] = [];
  const vars = new Map<string, string>();
  const service = new Map(Object.entries(opts.serviceEnv ?? {}));
  const configMaps = new Map<string, Record<string, string> | undefined>();
  const secrets = new Map<string, Record<string, string> | undefined>();
  const getConfigMap = async (name: string) => {
    if (!configMaps.has(name)) {
      const cm = await lookups.configMap(ns, name);
      configMaps.set(name, cm ? cm.data ?? {} : undefined);
    }
    return configMaps.get(name);
  };
  const getSecret = async (name: string) => {
    if (!secrets.has(name)) {
      const s = await lookups.secret(ns, name);
      secrets.set(name, s ? Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, decodeSecretValue(v).toString('utf8')])) : undefined);
    }
    return secrets.get(name);
  };
  let allocatable: Record<string, string> | undefined;
  const getAllocatable = async () => (allocatable ??= (await lookups.node?.())?.status?.allocatable ?? {});

  try {
    for (const from of container.envFrom ?? []) {
      const prefix = from.prefix ?? '';
      let data: Record<string, string> | undefined;
      let what: string;
      if (from.configMapRef) {
        const name = from.configMapRef.name ?? '';
        data = await getConfigMap(name);
        what = `configMap ${ns}/${name}`;
        if (!data) {
          if (from.configMapRef.optional) continue;
          throw new EnvError(notFoundMessage('configmap', name));
        }
      } else if (from.secretRef) {
        const name = from.secretRef.name ?? '';
        data = await getSecret(name);
        what = `secret ${ns}/${name}`;
        if (!data) {
          if (from.secretRef.optional) continue;
          throw new EnvError(notFoundMessage('secret', name));
        }
      } else continue;
      const invalid: string[] = [];
      for (const [k, v] of Object.entries(data)) {
        const key = prefix + k;
        if (!isEnvVarName(key)) { invalid.push(key); continue; }
        vars.set(key, v);
      }
      if (invalid.length > 0) {
        invalid.sort();
        events.push({
          type: 'Warning',
          reason: 'InvalidEnvironmentVariableNames',
          message: `Keys [${invalid.join(', ')}] from the EnvFrom ${what} were skipped since they are considered invalid environment variable names.`,
        });
      }
    }

    const mapping = (name: string) => (vars.has(name) ? vars.get(name) : service.get(name));
    for (const env of container.env ?? []) {
      let value = env.value ?? '';
      if (value !== '') {
        value = expand(value, mapping);
      } else if (env.valueFrom) {
        const vf = env.valueFrom;
        if (vf.fieldRef) {
          value = podFieldValue(pod, vf.fieldRef, opts);
        } else if (vf.resourceFieldRef) {
          const alloc = await getAllocatable();
          value = vf.resourceFieldRef.containerName
            ? podResourceValue(vf.resourceFieldRef, pod, vf.resourceFieldRef.containerName, alloc)
            : containerResourceValue(vf.resourceFieldRef, withAllocatableLimits(container, alloc));
        } else if (vf.configMapKeyRef) {
          const { name = '', key, optional } = vf.configMapKeyRef;
          const data = await getConfigMap(name);
          if (!data) {
            if (optional) continue;
            throw new EnvError(notFoundMessage('configmap', name));
          }
          if (!(key in data)) {
            if (optional) continue;
            throw new EnvError(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
          }
          value = data[key]!;
        } else if (vf.secretKeyRef) {
          const { name = '', key, optional } = vf.secretKeyRef;
          const data = await getSecret(name);
          if (!data) {
            if (optional) continue;
            throw new EnvError(notFoundMessage('secret', name));
          }
          if (!(key in data)) {
            if (optional) continue;
            throw new EnvError(`couldn't find key ${key} in Secret ${ns}/${name}`);
          }
          value = data[key]!;
        }
      }
      vars.set(env.name, value);
    }
    for (const [k, v] of service) if (!vars.has(k)) vars.set(k, v);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { envs: [], errors: [message], events, command: [], args: [] };
  }
  const envs = [...vars].map(([key, value]) => ({ key, value }));
  return { envs, errors: [], events, ...expandCommandAndArgs(container, envs) };
}
