// intstr.GetScaledValueFromIntOrPercent: an int, or "N%" of total rounded up or down.

/** Resolve `value` (an integer or a percentage string such as "25%") against `total`. Throws on a malformed value. */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (!m) {
    if (/^-?\d+$/.test(value)) return Number(value);
    throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  }
  const pct = Number(m[1]);
  const product = pct * total;
  return roundUp ? Math.ceil(product / 100) : Math.floor(product / 100);
}
