// Lets queued promise callbacks and I/O callbacks run (no wall-clock sleeping): for tests driving async loops.
import { setImmediate as immediate } from 'node:timers/promises';

export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await immediate();
}
