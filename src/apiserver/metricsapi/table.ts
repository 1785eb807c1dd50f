// meta.k8s.io Table for `kubectl get nodes.metrics.k8s.io` / `podmetrics`: Name, one column per resource (cpu,
// memory; a pod's containers summed) and Window, as metrics-server's table convertor prints them.
import { addQuantity, formatQuantity, parseQuantity, type Quantity } from '../../machinery/quantity.js';
import type { NodeMetrics, PodMetrics, Usage } from './objects.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

const COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name of the resource', priority: 0 },
  { name: 'cpu', type: 'string', format: 'quantity', description: '', priority: 0 },
  { name: 'memory', type: 'string', format: 'quantity', description: '', priority: 0 },
  { name: 'Window', type: 'string', format: 'duration', description: '', priority: 0 },
];

function podUsage(p: PodMetrics): Usage {
  const sum = (k: keyof Usage) => p.containers.reduce<Quantity | undefined>((a, c) => {
    const q = parseQuantity(c.usage[k]);
    return a ? addQuantity(a, q) : q;
  }, undefined);
  const cpu = sum('cpu'); const memory = sum('memory');
  return { cpu: cpu ? formatQuantity(cpu) : '0', memory: memory ? formatQuantity(memory) : '0' };
}

function rowObject(o: NodeMetrics | PodMetrics, kind: string, mode: IncludeObject): unknown {
  if (mode === 'None') return undefined;
  if (mode === 'Object') return { kind, apiVersion: 'metrics.k8s.io/v1beta1', ...o };
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function metricsTable(items: (NodeMetrics | PodMetrics)[], kind: 'NodeMetrics' | 'PodMetrics', mode: IncludeObject = 'Metadata'): object {
  const rows = items.map((o) => {
    const u = 'usage' in o ? o.usage : podUsage(o);
    const row: Record<string, unknown> = { cells: [o.metadata.name, u.cpu, u.memory, o.window] };
    const obj = rowObject(o, kind, mode);
    if (obj !== undefined) row.object = obj;
    return row;
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {}, columnDefinitions: COLUMNS, rows };
}
