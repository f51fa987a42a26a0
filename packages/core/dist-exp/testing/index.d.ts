/**
 * `@queue/core/testing`: the storage conformance suite every `JobStore` runs, and helpers for
 * store tests. Needs vitest (an optional peer dependency of `@queue/core`).
 */
export { storeConformance, type ConformanceOptions, type ConformanceTarget } from './conformance.js';
export { newJob } from './new-job.js';
//# sourceMappingURL=index.d.ts.map