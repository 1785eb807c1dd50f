// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): `100m`, `1Gi`, `1e3`, `0.5`.
// Exact arithmetic with BigInt: a quantity is `mantissa × 10^scale`, rounded up to nano precision like Go's
// Quantity, and remembers the format (BinarySI / DecimalSI / DecimalExponent) it was written in, because the
// canonical form (what the server writes back, what tables print) depends on it.

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

export interface Quantity {
  readonly mantissa: bigint;
  /** Power of ten; never below -9 (nano). */
  readonly scale: number;
  readonly format: QuantityFormat;
}

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${SPLIT_RE}'`;
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

const BIN: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DEC: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DEC_BY_EXP = new Map(Object.entries(DEC).map(([s, e]) => [e, s]));
const BIN_BY_EXP = new Map(Object.entries(BIN).map(([s, e]) => [e, s]));

export class QuantityError extends Error {
  constructor(message: string) { super(message); this.name = 'QuantityError'; }
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** Divide rounding away from zero (Go's inf.RoundUp), as Quantity does when it drops precision. */
function divUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : q + (a < 0n ? -1n : 1n);
}

function normalize(mantissa: bigint, scale: number, format: QuantityFormat): Quantity {
  if (scale < -9) {
    mantissa = divUp(mantissa, pow10(-9 - scale));
    scale = -9;
  }
  return { mantissa, scale, format };
}

/** Parses a quantity or throws QuantityError with apimachinery's messages. */
export function parseQuantity(s: string): Quantity {
  if (s.length === 0) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  const m = new RegExp(SPLIT_RE).exec(s);
  if (!m) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  const [, num, suffix] = m as unknown as [string, string, string];
  const nm = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(num);
  if (!nm || (nm[2] === '' && (nm[3] ?? '') === '')) throw new QuantityError(QUANTITY_NUMERIC_ERROR);
  const sign = nm[1] === '-' ? -1n : 1n;
  const frac = nm[3] ?? '';
  let mantissa = sign * BigInt((nm[2] || '0') + frac || '0');
  let scale = -frac.length;
  let format: QuantityFormat;
  if (suffix in BIN) {
    format = 'BinarySI';
    mantissa *= 1n << BigInt(BIN[suffix]!);
  } else if (suffix in DEC) {
    format = 'DecimalSI';
    scale += DEC[suffix]!;
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    scale += Number(suffix.slice(1));
  } else {
    throw new QuantityError(QUANTITY_SUFFIX_ERROR);
  }
  return normalize(mantissa, scale, format);
}

/** Like parseQuantity but returns undefined instead of throwing. */
export function tryParseQuantity(s: string): Quantity | undefined {
  try { return parseQuantity(s); } catch { return undefined; }
}

export function quantityFromMilli(milli: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return normalize(BigInt(milli), -3, format);
}

export function quantityFromInt(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return normalize(BigInt(value), 0, format);
}

/** Both values brought to the smaller scale, for exact comparison and arithmetic. */
function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.min(a.scale, b.scale);
  return [a.mantissa * pow10(a.scale - scale), b.mantissa * pow10(b.scale - scale), scale];
}

export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Sum; keeps the format of `a` (as Quantity.Add does, except that a zero `a` takes `b`'s). */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = align(a, b);
  return normalize(x + y, scale, a.mantissa === 0n ? b.format : a.format);
}

export function subQuantity(a: Quantity, b: Quantity): Quantity {
  return addQuantity(a, { ...b, mantissa: -b.mantissa });
}

export function isZeroQuantity(q: Quantity): boolean {
  return q.mantissa === 0n;
}

/** Value in thousandths, rounded up (Quantity.MilliValue). */
export function toMilli(q: Quantity): bigint {
  const s = q.scale + 3;
  return s >= 0 ? q.mantissa * pow10(s) : divUp(q.mantissa, pow10(-s));
}

/** Integer value rounded up (Quantity.Value). */
export function toInt(q: Quantity): bigint {
  return q.scale >= 0 ? q.mantissa * pow10(q.scale) : divUp(q.mantissa, pow10(-q.scale));
}

/** Approximate float value, for ratios and display only. */
export function toNumber(q: Quantity): number {
  return Number(q.mantissa) * 10 ** q.scale;
}

/** Mantissa and a base-10 exponent that is a multiple of 3, with no needless trailing zeros (AsCanonicalBytes). */
function canonicalDecimal(q: Quantity): [bigint, number] {
  let amount = q.mantissa;
  let exponent = q.scale;
  while (amount !== 0n && amount % 10n === 0n) { amount /= 10n; exponent++; }
  const r = ((exponent % 3) + 3) % 3;
  if (r === 1) { amount *= 10n; exponent--; }
  if (r === 2) { amount *= 100n; exponent -= 2; }
  return [amount, exponent];
}

/** The canonical string the API server writes back (Quantity.String): `500m`, `1Gi`, `1536Mi`, `1k`, `1e3`. */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  let integral: bigint | undefined;
  if (format === 'BinarySI') {
    // Below 1024 in magnitude, or with a fraction, Go falls back to DecimalSI to avoid rounding.
    const d = q.scale < 0 ? pow10(-q.scale) : 1n;
    const whole = q.scale >= 0 ? q.mantissa * pow10(q.scale) : q.mantissa % d === 0n ? q.mantissa / d : undefined;
    if (whole !== undefined && abs(whole) >= 1024n) integral = whole;
    else format = 'DecimalSI';
  }
  if (format === 'BinarySI' && integral !== undefined) {
    let exp = 0;
    let n = integral;
    while (exp < 60 && n % 1024n === 0n) { n /= 1024n; exp += 10; }
    return `${n}${BIN_BY_EXP.get(exp) ?? ''}`;
  }
  const [amount, exponent] = canonicalDecimal(q);
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  const suffix = DEC_BY_EXP.get(exponent);
  return suffix !== undefined ? `${amount}${suffix}` : `${amount}e${exponent}`;
}

/** Parses and re-renders in canonical form; throws QuantityError on bad input. */
export function canonicalQuantity(s: string): string {
  return formatQuantity(parseQuantity(s));
}
