export { typeormExecutor, type TypeormExecutorOptions } from './executor/index.js'
export { SqliteBusyError, TypeormStoreError } from './errors.js'
