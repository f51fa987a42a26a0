import type { OptionSpec } from '../args/parse.js'

/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  env: NodeJS.ProcessEnv
  cwd: string
  /** Resolves with the signal name on the first SIGTERM/SIGINT (long-running commands await it). */
  shutdown: Promise<string>
}

/** One `queue <name>` subcommand. */
export interface Command {
  name: string
  /** One line for `queue --help`. */
  summary: string
  /** The full `queue <name> --help` text. */
  help: string
  options: OptionSpec
  maxPositionals: number
  /** Returns the exit code. */
  run(args: { values: Record<string, unknown>; positionals: string[]; io: Io }): Promise<number>
}

/** Options every command that opens the database takes. */
export const DB_OPTION = { db: { type: 'string' }, 'table-prefix': { type: 'string' } } as const satisfies OptionSpec
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const satisfies OptionSpec

export const DB_HELP = `  --db <url>          database: sqlite:./queue.db (default), sqlite:/abs/path.db,
                      postgres://user:pass@host/db, mysql://user:pass@host/db  [env QUEUE_DB]
  --table-prefix <p>  table name prefix (default queue_)  [env QUEUE_TABLE_PREFIX]`
