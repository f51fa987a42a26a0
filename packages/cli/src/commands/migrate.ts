import { openStore, describe } from '../store/open.js'
import { CliError } from '../errors.js'
import { DB_HELP, DB_OPTION, HELP_OPTION, type Command } from './command.js'
import { dbTarget } from './db.js'

/** `queue migrate`: creates or upgrades the schema (seed 002's update-schema). */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'create or upgrade the database schema',
  help: `Usage: queue migrate [--db <url>]

Creates the job tables or upgrades them to this version. Safe to run from many processes at once;
every other command also migrates on start.

Options:
${DB_HELP}
  -h, --help          show this help`,
  options: { ...DB_OPTION, ...HELP_OPTION },
  maxPositionals: 0,
  async run({ values, io }) {
    const target = dbTarget(values, io)
    const store = await openStore(target)
    try {
      await store.migrate()
    } catch (error) {
      throw new CliError(`cannot migrate ${describe(target)}: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      await store.close()
    }
    io.stdout.write(`migrated ${describe(target)}\n`)
    return 0
  },
}
