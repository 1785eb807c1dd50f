// The agent's HTTPS endpoint (kubelet :10250): exec, attach, portForward, containerLogs, stats/summary, healthz.
export { startKubeletServer, type KubeletServer } from './server.js';
export type { KubeletServerOptions, PodTarget, ResolvePod } from './types.js';
export { defaultAuthorize } from './auth.js';
export { parseRoute, type Route } from './routes.js';
export { StatsProvider, type Summary, type PodSummary, type ContainerSummary, type CPUStats, type MemoryStats, type StatsProviderOptions } from './summary.js';
export { procHostStats, parseHostStats, type HostStats, type HostStatsReader } from './host-stats.js';
export { parseLogQuery, findLogSource } from './container-logs.js';
