/**
 * `@queue/redis`: a Redis job store for `@queue/core` (ioredis + Lua scripts), for the
 * high-throughput case.
 */
export { redisStore, type RedisConnection, type RedisStoreOptions } from './store/redis-store.js'
export { RedisNotifier } from './store/notifier.js'
export { RedisStoreClosedError } from './store/validate.js'
