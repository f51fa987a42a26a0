export { typeormStore, type TypeormStoreOptions } from './store.js'
export { queueMigration, queueMigrationStatements, type QueueMigrationOptions } from './migration.js'
export { typeormExecutor, type TypeormExecutorOptions } from './executor/index.js'
export { SqliteBusyError, TypeormStoreError } from './errors.js'
