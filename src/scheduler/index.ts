// Public surface of the scheduler for cmd/ and the integrator.
export { Scheduler, nodeSchedulingPropertiesChanged, type SchedulerOptions, type CycleResult } from './scheduler.js';
export { FakeBinder, type Binder, type BinderCall } from './binder.js';
export { DEFAULT_SCHEDULER_NAME, DEFAULT_SCORE_WEIGHTS, defaultProfile, type DefaultProfileOptions } from './profile.js';
export { seededRandom } from './random.js';
export { fitErrorMessage, FitError, ERR_NO_NODES_AVAILABLE } from './framework/fit-error.js';
export type { Profile, Handle, FilterPlugin, ScorePlugin, PreFilterPlugin, PostFilterPlugin, PreScorePlugin, PostFilterResult } from './framework/interfaces.js';
