// @hub/server: the Express 5 host over a Hub (from @hub/core's createHub).
export { createServer, type CreateServerOptions, type HubServer } from './createServer.js';
export type { AdminBootstrap } from './bootstrap/ensureBase.js';
export { Dispatcher, type MountedModule } from './dispatch/Dispatcher.js';
export { HOST_PATHS, prefixProblem, defaultPrefix } from './dispatch/prefixes.js';
export { buildOpenApi, type ApiSection } from './openapi/buildOpenApi.js';
export { ModuleMetrics, ModuleStats, type ModuleMetricsSummary } from './metrics/ModuleMetrics.js';
export { OperationRegistry, type Operation, type OperationStatus, type OperationEvent } from './operations/OperationRegistry.js';
export { createLogger, moduleLogger } from './http/logger.js';
export { shapedMessages, type ShapedMessages } from './http/shapedMessages.js';
export { workerCount, checkWorkersAllowed, isWorker, reportReady, startWorkers, type WorkerReady } from './cluster/workers.js';
export { InstanceRegistry, type InstanceInfo, type InstanceModule } from './cluster/InstanceRegistry.js';
