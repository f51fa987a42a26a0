export { memoryStore, MemoryStoreClosedError } from './memory-store.js';
export { MemoryNotifier } from './notifier.js';
//# sourceMappingURL=index.js.map