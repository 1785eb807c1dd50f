// Decodes one protobuf message straight into the JSON form the Kubernetes API uses for it (see README.md §Mapping).
// Driven by the plans in plan.ts; all reads go through the bounds-checked WireReader, wire types are checked per field.
import type protobuf from 'protobufjs';
import { planFor, type FieldPlan, type MessagePlan, type ScalarKind, type ValuePlan } from './plan.js';
import { int32, int64, uint64, WireError, WireReader, WT_FIXED32, WT_FIXED64, WT_LEN, WT_VARINT } from './wire.js';

/**
 * Guards the stack against crafted input. CRD schemas (JSONSchemaProps) recurse: each level of `properties` costs one
 * message level and each `items` two, so this leaves room for schemas about 100 levels deep.
 */
export const MAX_DEPTH = 256;

type Raw = Record<string, unknown>;

const WIRE_OF: Record<ScalarKind, number> = {
  string: WT_LEN, bytes: WT_LEN, bool: WT_VARINT, int32: WT_VARINT, int64: WT_VARINT, uint32: WT_VARINT,
  uint64: WT_VARINT, double: WT_FIXED64, float: WT_FIXED32,
};

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32'];

function readScalar(r: WireReader, kind: ScalarKind, end: number): unknown {
  switch (kind) {
    case 'string': return r.string(end);
    case 'bytes': return r.bytes(end);
    case 'bool': { const v = r.varint(end); return v.lo !== 0 || v.hi !== 0; }
    case 'int32': return int32(r.varint(end));
    case 'uint32': return r.varint(end).lo;
    case 'int64': return int64(r.varint(end));
    case 'uint64': return uint64(r.varint(end));
    case 'double': { const b = r.fixed(end, 8); return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true); }
    case 'float': { const b = r.fixed(end, 4); return new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true); }
  }
}

function readValue(r: WireReader, vp: ValuePlan, wireType: number, end: number, depth: number): unknown {
  const expected = vp.scalar ? WIRE_OF[vp.scalar] : WT_LEN;
  if (wireType !== expected) {
    throw new WireError(`wrong wire type ${WIRE_NAMES[wireType] ?? wireType} for ${vp.scalar ?? 'message'} field (want ${WIRE_NAMES[expected]}) at byte ${r.pos}`);
  }
  if (vp.scalar) return readScalar(r, vp.scalar, end);
  const stop = r.lengthEnd(end);
  return decodeRaw(r, stop, vp.message!, depth + 1);
}

/** Zero value of a map entry's value when the entry omits it. */
function zeroValue(vp: ValuePlan, depth: number): unknown {
  if (vp.message) return decodeRaw(new WireReader(new Uint8Array(0)), 0, vp.message, depth + 1);
  if (vp.scalar === 'string') return '';
  if (vp.scalar === 'bytes') return new Uint8Array(0);
  if (vp.scalar === 'bool') return false;
  return 0;
}

function readMapEntry(r: WireReader, fp: FieldPlan, wireType: number, end: number, depth: number, into: Raw): void {
  if (wireType !== WT_LEN) throw new WireError(`wrong wire type ${WIRE_NAMES[wireType] ?? wireType} for map entry (want length-delimited) at byte ${r.pos}`);
  const stop = r.lengthEnd(end);
  let key = '';
  let value: unknown;
  while (r.pos < stop) {
    const { field, wireType: wt } = r.tag(stop);
    try {
      if (field === 1) key = readValue(r, { scalar: 'string' }, wt, stop, depth) as string;
      else if (field === 2) value = readValue(r, fp.mapValue!, wt, stop, depth);
      else r.skip(wt, stop);
    } catch (e) {
      if (e instanceof WireError) e.path.unshift(field === 1 ? '<key>' : JSON.stringify(key));
      throw e;
    }
  }
  into[key] = value === undefined ? zeroValue(fp.mapValue!, depth) : value;
}

/** Reads the fields of one message (up to `end`) and shapes them into JSON. */
export function decodeRaw(r: WireReader, end: number, type: protobuf.Type, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new WireError(`message nesting exceeds ${MAX_DEPTH} levels at byte ${r.pos}`);
  const plan = planFor(type);
  const seen: Raw = Object.create(null) as Raw;
  while (r.pos < end) {
    const { field, wireType } = r.tag(end);
    const fp = plan.byId.get(field);
    if (!fp) { r.skip(wireType, end); continue; }
    let label = fp.json;
    try {
      if (fp.mapValue) {
        readMapEntry(r, fp, wireType, end, depth, (seen[fp.protoName] ??= Object.create(null) as Raw) as Raw);
      } else if (fp.repeated) {
        const list = (seen[fp.protoName] ??= []) as unknown[];
        label = `${fp.json}[${list.length}]`;
        if (fp.scalar && wireType === WT_LEN && WIRE_OF[fp.scalar] !== WT_LEN) {
          const stop = r.lengthEnd(end); // packed
          while (r.pos < stop) { label = `${fp.json}[${list.length}]`; list.push(readScalar(r, fp.scalar, stop)); }
        } else {
          list.push(readValue(r, fp, wireType, end, depth));
        }
      } else {
        seen[fp.protoName] = readValue(r, fp, wireType, end, depth);
      }
    } catch (e) {
      if (e instanceof WireError) e.path.unshift(label);
      throw e;
    }
  }
  return plan.special ? shapeSpecial(plan, seen) : shapeObject(plan, seen);
}

function base64(v: unknown): unknown {
  return v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : v;
}

function jsonNumber(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new WireError(`floating-point value ${v} has no JSON form`);
  return v;
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false || (v instanceof Uint8Array && v.length === 0);
}

function shapeObject(plan: MessagePlan, seen: Raw): Raw {
  const out: Raw = {};
  for (const fp of plan.fields) {
    const v = seen[fp.protoName];
    if (v === undefined) {
      if (fp.nil) out[fp.json] = null;
      continue;
    }
    if (fp.inline) {
      if (v !== null && typeof v === 'object') Object.assign(out, v);
    } else if (fp.mapValue) {
      const rec = v as Raw;
      const m: Raw = {};
      for (const k of Object.keys(rec)) m[k] = fp.mapValue.scalar ? jsonNumber(base64(rec[k])) : rec[k];
      out[fp.json] = m;
    } else if (fp.repeated) {
      out[fp.json] = fp.scalar ? (v as unknown[]).map((x) => jsonNumber(base64(x))) : (v as unknown[]).map((x) => x ?? null);
    } else if (fp.scalar) {
      if (fp.keep || !isZero(v)) out[fp.json] = jsonNumber(base64(v));
    } else if (v !== undefined) {
      out[fp.json] = v;
    }
  }
  return out;
}

function rawBytes(v: unknown): Uint8Array | undefined {
  return v instanceof Uint8Array ? v : undefined;
}

function parseEmbeddedJson(v: unknown, what: string): unknown {
  const b = rawBytes(v);
  if (!b || b.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8'));
  } catch (e) {
    throw new WireError(`${what} does not hold valid JSON: ${(e as Error).message}`);
  }
}

function shapeSpecial(plan: MessagePlan, seen: Raw): unknown {
  switch (plan.special) {
    case 'time': case 'microtime':
      // Go writes a zero Time as an empty message; its JSON form is null (omitempty does not apply to structs).
      if (seen.seconds === undefined && seen.nanos === undefined) return null;
      return formatTime((seen.seconds as number | undefined) ?? 0, (seen.nanos as number | undefined) ?? 0, plan.special === 'microtime');
    case 'quantity':
      return (seen.string as string | undefined) || '0';
    case 'intorstring': {
      const t = (seen.type as number | undefined) ?? 0;
      if (t === 0) return (seen.intVal as number | undefined) ?? 0;
      if (t === 1) return (seen.strVal as string | undefined) ?? '';
      throw new WireError(`invalid IntOrString type ${t}`);
    }
    case 'rawextension': return parseEmbeddedJson(seen.raw, 'RawExtension');
    case 'fieldsv1': return parseEmbeddedJson(seen.Raw, 'FieldsV1');
    case 'extravalue': return (seen.items as unknown[] | undefined) ?? [];
    // apiextensions/v1 marshal.go: JSON is its raw bytes or null; the Or* unions pick one member.
    case 'json': return parseEmbeddedJson(seen.raw, 'JSON') ?? null;
    case 'schemaorarray': {
      const list = seen.jSONSchemas as unknown[] | undefined;
      return list && list.length > 0 ? list.map((x) => x ?? null) : (seen.schema ?? null);
    }
    case 'schemaorbool': return seen.schema !== undefined ? seen.schema : seen.allows === true;
    case 'schemaorstringarray': {
      const list = seen.property as unknown[] | undefined;
      return list && list.length > 0 ? list : (seen.schema ?? null);
    }
    default: return shapeObject(plan, seen);
  }
}

/** metav1.Time → RFC 3339 in seconds; metav1.MicroTime → RFC 3339 with 6 fractional digits (both UTC). */
export function formatTime(seconds: number, nanos: number, micro: boolean): string {
  const carry = Math.floor(nanos / 1e9);
  const ns = nanos - carry * 1e9;
  const d = new Date((seconds + carry) * 1000);
  const year = d.getUTCFullYear();
  if (Number.isNaN(d.getTime()) || year < 0 || year > 9999) {
    throw new WireError(`timestamp ${seconds}s is outside the years 0 to 9999`);
  }
  const iso = d.toISOString().slice(0, 19);
  return micro ? `${iso}.${String(Math.floor(ns / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}
