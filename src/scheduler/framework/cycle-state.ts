// Per-cycle scratch space shared by the plugins of one scheduling attempt (kube-scheduler CycleState).
// Plugins write what PreFilter/PreScore computed and read it back per node. Values must be treated as immutable
// unless they implement `Cloneable` (preemption clones the state before it simulates removing victims).

export interface Cloneable {
  clone(): unknown;
}

export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** PreFilter plugins that returned Skip: their Filter is not called this cycle. */
  readonly skipFilter = new Set<string>();
  /** PreScore plugins that returned Skip: their Score is not called this cycle. */
  readonly skipScore = new Set<string>();
  /** The filters left after PreFilter skips, computed once per cycle by the framework. */
  activeFilters: unknown[] | undefined = undefined;

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  delete(key: string): void {
    this.data.delete(key);
  }

  /** Deep enough for preemption: values with a clone() are cloned, others shared. */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) {
      c.data.set(k, v !== null && typeof v === 'object' && typeof (v as Cloneable).clone === 'function' ? (v as Cloneable).clone() : v);
    }
    for (const s of this.skipFilter) c.skipFilter.add(s);
    for (const s of this.skipScore) c.skipScore.add(s);
    c.activeFilters = this.activeFilters;
    return c;
  }
}
