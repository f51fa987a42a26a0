import { readFileSync } from 'node:fs'
import { parseCommandLine } from './args/parse.js'
import { cancelCommand } from './commands/cancel.js'
import type { Command, Io } from './commands/command.js'
import { migrateCommand } from './commands/migrate.js'
import { processCommand } from './commands/process.js'
import { pruneCommand } from './commands/prune.js'
import { retryCommand } from './commands/retry.js'
import { serverCommand } from './commands/server.js'
import { statsCommand } from './commands/stats.js'
import { workerCommand } from './commands/worker.js'
import { CliError, UsageError } from './errors.js'

/** Every subcommand, in the order `queue --help` lists them. */
export const COMMANDS: readonly Command[] = [
  serverCommand,
  workerCommand,
  processCommand,
  statsCommand,
  retryCommand,
  cancelCommand,
  pruneCommand,
  migrateCommand,
]

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return `Usage: queue <command> [options]

Durable background jobs in the database you already run.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "queue <command> --help" for a command's options.
Every command takes --db <url> (or QUEUE_DB); the default is sqlite:./queue.db.

Options:
  -h, --help     show this help
  -v, --version  print the version`
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

/**
 * Runs `queue <argv>` and resolves to the exit code. Every failure is one line on stderr:
 * 2 for a malformed command line, 1 for anything else.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [name, ...rest] = argv
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined
      const command = topic === undefined ? undefined : COMMANDS.find((c) => c.name === topic)
      if (topic !== undefined && !command) throw new UsageError(`queue: unknown command "${topic}" (see queue --help)`)
      if (name === undefined) {
        io.stderr.write(`${mainHelp()}\n`)
        return 2
      }
      io.stdout.write(`${command ? command.help : mainHelp()}\n`)
      return 0
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${version()}\n`)
      return 0
    }
    const command = COMMANDS.find((c) => c.name === name)
    if (!command) {
      throw new UsageError(name.startsWith('-') ? `queue: unknown option ${name} (see queue --help)` : `queue: unknown command "${name}" (see queue --help)`)
    }
    const { values, positionals } = parseCommandLine<Record<string, unknown>>(`queue ${command.name}`, rest, command.options, command.maxPositionals)
    if (values.help) {
      io.stdout.write(`${command.help}\n`)
      return 0
    }
    return await command.run({ values, positionals, io })
  } catch (error) {
    io.stderr.write(`${errorLine(error)}\n`)
    return error instanceof CliError ? error.exitCode : 1
  }
}

/** One line for any error: our own messages as they are, anything else with its name. */
export function errorLine(error: unknown): string {
  if (error instanceof CliError) return error.message.startsWith('queue') ? error.message : `queue: ${error.message}`
  if (error instanceof Error) return `queue: ${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`.replace(/\s*\n\s*/g, ' ')
  return `queue: ${String(error)}`
}
