// The objects the benchmarks write: a ConfigMap whose data is 1 KiB, and a small but realistic Pod (one container,
// resources, env, probes, labels), both as the JSON a client would send.

const KIB = 'x'.repeat(1024 - 'payload'.length - 8);

/** A ConfigMap whose serialized `data` is ~1 KiB. */
export function configMap(name: string, labels: Record<string, string> = {}): object {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { payload: KIB } };
}

export function pod(name: string, labels: Record<string, string> = {}): object {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: { app: 'web', ...labels }, annotations: { 'bench.skiff.dev/owner': 'bench' } },
    spec: {
      containers: [{
        name: 'web', image: 'registry.k8s.io/nginx-slim:0.27', imagePullPolicy: 'IfNotPresent',
        ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
        env: [{ name: 'MODE', value: 'production' }, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5 },
        volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
      }],
      volumes: [{ name: 'cache', emptyDir: {} }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
    },
  };
}

export function namespace(name: string): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}
