/** A DataSource, transaction handle or option the TypeORM store cannot work with. */
export class TypeormStoreError extends Error {
  override readonly name = 'TypeormStoreError'
}

/**
 * The store waited too long for a transaction on TypeORM's single SQLite connection to end
 * (the better-sqlite3 driver runs every query of a DataSource through one connection).
 */
export class SqliteBusyError extends TypeormStoreError {
  readonly code = 'SQLITE_BUSY'
}
