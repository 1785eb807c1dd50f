export { handleMetrics, metricsApiFor } from './handler.js';
export { MetricsApi, type MetricsApiOptions, type MetricsRequest } from './api.js';
export { httpsSummarySource, ScrapeError, type SummarySource, type AgentEndpoint, type HttpsSummarySourceOptions } from './source.js';
export { SummaryCache, type Scrape } from './cache.js';
export { cpuQuantity, memoryQuantity } from './quantities.js';
export type { Summary } from './summary.js';
export type { NodeMetrics, PodMetrics, ContainerMetrics } from './objects.js';
export { METRICS_DEFINITIONS } from './openapi.js';
