// Response-shape negotiation from the Accept header: plain object, meta.k8s.io Table, or PartialObjectMetadata.

export type Shape = 'object' | 'table' | 'partial';

export function negotiateShape(accept: string | undefined): Shape {
  if (!accept) return 'object';
  for (const range of accept.split(',')) {
    const params = new Map(range.split(';').slice(1).map((p) => {
      const [k, v = ''] = p.trim().split('=');
      return [k, v] as [string, string];
    }));
    const as = params.get('as');
    if (as === 'Table' && (params.get('g') ?? 'meta.k8s.io') === 'meta.k8s.io') return 'table';
    if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && (params.get('g') ?? 'meta.k8s.io') === 'meta.k8s.io') return 'partial';
    const mt = range.split(';')[0].trim();
    if (mt === 'application/json' || mt === '*/*' || mt === 'application/*' || mt === 'application/yaml' || mt === 'application/vnd.kubernetes.protobuf') return 'object';
  }
  return 'object';
}
