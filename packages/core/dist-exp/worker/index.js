export { Worker } from './worker.js';
export { consoleWarnLogger, silentLogger } from './logger.js';
export { errorText, JobTimeoutError, judgeFailure, LeaseLostError, ShutdownError } from './outcome.js';
export { sampleMemory } from './stats.js';
//# sourceMappingURL=index.js.map