export { memoryStore, MemoryStoreClosedError, type MemoryStoreOptions } from './memory-store.js';
export { MemoryNotifier } from './notifier.js';
//# sourceMappingURL=index.d.ts.map