export { Worker } from './worker.js';
export type { ClaimedJob, JobContext, JobHandler, WorkerHandlers, WorkerOptions } from './options.js';
export type { WorkerEventName, WorkerEvents, WorkerListener } from './events.js';
export { consoleWarnLogger, silentLogger, type Logger } from './logger.js';
export { errorText, JobTimeoutError, judgeFailure, LeaseLostError, ShutdownError, type FailureVerdict } from './outcome.js';
export { sampleMemory } from './stats.js';
//# sourceMappingURL=index.d.ts.map