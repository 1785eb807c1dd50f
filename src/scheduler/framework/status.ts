// The result of one plugin at one extension point (kube-scheduler framework.Status). `undefined` means Success,
// so the hot path allocates nothing. Reasons are the exact strings kube-scheduler prints in FailedScheduling.

export type Code = 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip' | 'Wait';

export class Status {
  /** The plugin that returned it; set by the framework. */
  plugin = '';
  constructor(readonly code: Code, readonly reasons: readonly string[] = []) {}

  /** Reasons joined by ", " (Status.Message). */
  message(): string {
    return this.reasons.join(', ');
  }

  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }

  withPlugin(name: string): this {
    this.plugin = name;
    return this;
  }
}

export function unschedulable(...reasons: string[]): Status {
  return new Status('Unschedulable', reasons);
}

export function unresolvable(...reasons: string[]): Status {
  return new Status('UnschedulableAndUnresolvable', reasons);
}

export function errorStatus(message: string): Status {
  return new Status('Error', [message]);
}

export const SKIP = new Status('Skip');

export function isSuccess(s: Status | undefined): s is undefined {
  return s === undefined;
}
