// The per-kind strategy contract the generic store calls; defined beside its implementations in strategies/.
export type { Strategy } from './strategies/types.js';
