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

/** The most rows one VALUES list of ours carries (sqlite completions and uniform inserts). */
export const VALUES_ROWS_MAX = 512

/**
 * The rows a VALUES statement gets for `count` rows (1 to VALUES_ROWS_MAX): rounded up to a
 * multiple of 16 up to 64, of 32 up to 256, of 64 beyond, so that 14 prepared statement shapes
 * serve every size with at most 1/8 padding. Steps of 16 all the way (32 shapes) held ~6 MB more
 * of prepared statements per connection; padding 300 rows to 512 cost what the VALUES list saved.
 */
export function valuesRows(count: number): number {
  const step = count <= 64 ? 16 : count <= 256 ? 32 : 64
  return Math.min(Math.ceil(count / step) * step, VALUES_ROWS_MAX)
}
