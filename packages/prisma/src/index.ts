export { prismaStore, type PrismaStoreOptions } from './store.js'
export { prismaExecutor, type PrismaExecutorOptions } from './executor/executor.js'
export type { PrismaClientLike, PrismaRaw } from './executor/client.js'
export { PrismaStoreError } from './errors.js'
