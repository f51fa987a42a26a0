import type { Dialect, SqlValue } from '../executor.js'

/**
 * Collects parameters while a statement is written and returns the dialect's placeholder for each:
 * `$1, $2, …` on postgres, `?` elsewhere. Template literals evaluate left to right, so the `?`
 * order always matches the text.
 */
export class Bind {
  readonly values: SqlValue[] = []
  constructor(readonly dialect: Dialect) {}

  /** One parameter. */
  v(value: SqlValue): string {
    this.values.push(value)
    return this.dialect === 'postgres' ? `$${this.values.length}` : '?'
  }

  /** A BIGINT parameter where postgres cannot infer the type (inside CASE, COALESCE). */
  big(value: number | null): string {
    const placeholder = this.v(value)
    return this.dialect === 'postgres' ? `${placeholder}::bigint` : placeholder
  }

  /**
   * A row count for `LIMIT`. On sqlite as `CAST(? AS INTEGER)`: a bare `LIMIT ?` marks the prepared
   * statement as depending on the bound value, so SQLite re-prepared the claim on every run
   * (~40 us per claim, 2% of the drain; docs/benchmarks.md). MySQL takes only a bare placeholder.
   */
  limit(value: number): string {
    const placeholder = this.v(value)
    return this.dialect === 'sqlite' ? `CAST(${placeholder} AS INTEGER)` : placeholder
  }

  /** A comma-separated list of parameters, for `IN (…)`. */
  list(values: readonly SqlValue[]): string {
    return values.map((value) => this.v(value)).join(', ')
  }
}

/** `'a', 'b'` for a fixed list of our own state names (never user input). */
export function literals(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ')
}
