// A per-message decoding plan derived once from the protobufjs reflection objects: what each field number is, which
// wire types it accepts, its JSON name and how its zero value is treated. The schema options used are
//   (keep)   emit the field even when zero (Go pointer, or no omitempty in the JSON tag)
//   (inline) merge the nested message's JSON into the parent (Go embedded struct with `json:",inline"`)
//   (json)   JSON name when it differs from the proto name
//   (nil)    write JSON null when the field is absent (a Go slice, map or pointer whose JSON tag has no omitempty)
import type protobuf from 'protobufjs';

export type ScalarKind = 'string' | 'bytes' | 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'double' | 'float';

/** Messages whose JSON form is not an object of their fields. */
export type SpecialKind = 'time' | 'microtime' | 'quantity' | 'intorstring' | 'rawextension' | 'fieldsv1' | 'extravalue'
  | 'json' | 'schemaorarray' | 'schemaorbool' | 'schemaorstringarray';

/** Proto package of apiextensions.k8s.io (its types live in the apiextensions-apiserver repository). */
export const APIEXTENSIONS_PKG = 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions';

export interface ValuePlan {
  scalar?: ScalarKind;
  message?: protobuf.Type;
}

export interface FieldPlan extends ValuePlan {
  id: number;
  protoName: string;
  json: string;
  repeated: boolean;
  /** For map fields: the value type (keys are always strings in Kubernetes). */
  mapValue?: ValuePlan;
  keep: boolean;
  inline: boolean;
  nil: boolean;
}

export interface MessagePlan {
  fullName: string;
  fields: FieldPlan[];
  byId: Map<number, FieldPlan>;
  special?: SpecialKind;
}

const SPECIAL: Record<string, SpecialKind> = {
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time': 'time',
  'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime': 'microtime',
  'k8s.io.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': 'intorstring',
  'k8s.io.apimachinery.pkg.runtime.RawExtension': 'rawextension',
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': 'fieldsv1',
  'k8s.io.api.authentication.v1.ExtraValue': 'extravalue',
  'k8s.io.api.authentication.v1beta1.ExtraValue': 'extravalue',
  'k8s.io.api.authorization.v1.ExtraValue': 'extravalue',
  [`${APIEXTENSIONS_PKG}.v1.JSON`]: 'json',
  [`${APIEXTENSIONS_PKG}.v1.JSONSchemaPropsOrArray`]: 'schemaorarray',
  [`${APIEXTENSIONS_PKG}.v1.JSONSchemaPropsOrBool`]: 'schemaorbool',
  [`${APIEXTENSIONS_PKG}.v1.JSONSchemaPropsOrStringArray`]: 'schemaorstringarray',
};

const SCALARS = new Set<string>(['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float']);

const plans = new WeakMap<protobuf.Type, MessagePlan>();

export function fullNameOf(t: protobuf.Type): string {
  return t.fullName.replace(/^\./, '');
}

function valuePlan(typeName: string, resolved: protobuf.ReflectionObject | null, where: string): ValuePlan {
  if (SCALARS.has(typeName)) return { scalar: typeName as ScalarKind };
  if (resolved && 'fieldsArray' in resolved) return { message: resolved as protobuf.Type };
  throw new Error(`protobuf schema: unsupported type ${typeName} for ${where}`);
}

export function planFor(type: protobuf.Type): MessagePlan {
  const cached = plans.get(type);
  if (cached) return cached;
  const fullName = fullNameOf(type);
  const fields: FieldPlan[] = [];
  for (const f of type.fieldsArray) {
    const opts = f.options ?? {};
    const where = `${fullName}.${f.name}`;
    const map = (f as unknown as protobuf.MapField).map === true;
    const fp: FieldPlan = {
      id: f.id,
      protoName: f.name,
      json: typeof opts['(json)'] === 'string' ? opts['(json)'] as string : f.name,
      repeated: f.repeated,
      keep: opts['(keep)'] === true,
      inline: opts['(inline)'] === true,
      nil: opts['(nil)'] === true,
      ...(map ? {} : valuePlan(f.type, f.resolvedType, where)),
    };
    if (map) {
      const mf = f as unknown as protobuf.MapField;
      if (mf.keyType !== 'string') throw new Error(`protobuf schema: map key ${mf.keyType} unsupported for ${where}`);
      fp.mapValue = valuePlan(f.type, f.resolvedType, where);
    }
    fields.push(fp);
  }
  const plan: MessagePlan = { fullName, fields, byId: new Map(fields.map((f) => [f.id, f])), special: SPECIAL[fullName] };
  plans.set(type, plan);
  return plan;
}
