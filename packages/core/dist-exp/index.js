export * from './job/job.js';
export * from './job/states.js';
export * from './errors.js';
export * from './store/validate.js';
export * from './store/inserted-job.js';
export * from './store/counts-by-queue.js';
export * from './store/memory/index.js';
export * from './queue/index.js';
export * from './worker/index.js';
//# sourceMappingURL=index.js.map