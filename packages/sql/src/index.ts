export type { Dialect, Executor, QueryResult, Row, SqlValue } from './executor.js'
export type { SqlStoreOptions } from './store/options.js'
