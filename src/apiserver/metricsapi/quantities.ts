// Usage values as metrics-server writes them: CPU is a DecimalSI quantity at nano scale (`156133n`, `3m`, `1500m`),
// memory a BinarySI quantity of bytes (`12Mi`, `1622532Ki`, and below 1024 Go's DecimalSI fallback, e.g. `1k`).
import { formatQuantity } from '../../machinery/quantity.js';

const whole = (n: number): bigint => BigInt(Math.max(0, Math.round(n)));

/** `resource.NewScaledQuantity(nanoCores, -9)` rendered canonically. */
export function cpuQuantity(nanoCores: number): string {
  return formatQuantity({ mantissa: whole(nanoCores), scale: -9, format: 'DecimalSI' });
}

/** `resource.NewQuantity(bytes, BinarySI)` rendered canonically. */
export function memoryQuantity(bytes: number): string {
  return formatQuantity({ mantissa: whole(bytes), scale: 0, format: 'BinarySI' });
}
