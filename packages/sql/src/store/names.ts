import type { Dialect } from '../executor.js'
import { InvalidIdentifierError } from './errors.js'

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The quoted names of everything the store creates, for one dialect, schema and table prefix. */
export interface Names {
  dialect: Dialect
  schema: string | undefined
  prefix: string
  /** The jobs table, quoted and schema-qualified. */
  jobs: string
  /** The migrations table, quoted and schema-qualified. */
  migrations: string
  /** postgres (schema v3): claimable jobs in claim order, one row per job (`schema/postgres-v3.ts`). */
  ready: string
  /** postgres (schema v3): one row per claim batch, its lease expiry and the jobs it still holds. */
  claims: string
  /** A function (postgres), quoted and schema-qualified, e.g. `fn('claim')` -> `"queue_claim"`. */
  fn(name: string): string
  /** An index name (unqualified), e.g. `index('claim')` -> `"queue_jobs_claim"`. */
  index(suffix: string): string
  /** The LISTEN/NOTIFY channel (postgres) or emitter key suffix. */
  channel: string
  /** A stable key for the migration lock. */
  lockKey: string
}

/** Builds the names; schema and prefix must be plain identifiers, so quoting can never be escaped. */
export function names(dialect: Dialect, options: { schema?: string | undefined; tablePrefix?: string | undefined }): Names {
  const prefix = options.tablePrefix ?? 'queue_'
  if (prefix !== '' && !IDENTIFIER.test(prefix)) throw new InvalidIdentifierError('tablePrefix', prefix)
  const schema = options.schema
  if (schema !== undefined) {
    if (dialect !== 'postgres') throw new InvalidIdentifierError('schema', schema, 'schema is only supported on postgres; use tablePrefix')
    if (!IDENTIFIER.test(schema)) throw new InvalidIdentifierError('schema', schema)
  }
  const quote = (name: string): string => (dialect === 'mysql' ? `\`${name}\`` : `"${name}"`)
  const qualified = (name: string): string => (schema === undefined ? quote(name) : `${quote(schema)}.${quote(name)}`)
  const channel = `${schema ?? 'public'}.${prefix}jobs`.slice(0, 63)
  return {
    dialect,
    schema,
    prefix,
    jobs: qualified(`${prefix}jobs`),
    migrations: qualified(`${prefix}migrations`),
    ready: qualified(`${prefix}ready`),
    claims: qualified(`${prefix}claims`),
    fn: (name) => qualified(`${prefix}${name}`),
    index: (suffix) => quote(`${prefix}jobs_${suffix}`),
    channel,
    // One lock per postgres schema (CREATE SCHEMA races across prefixes too); per prefix elsewhere.
    lockKey: dialect === 'postgres' ? `queue:migrate:${schema ?? ''}` : `queue:migrate:${prefix}`,
  }
}
