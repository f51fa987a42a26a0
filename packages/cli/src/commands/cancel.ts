import { CliError, UsageError } from '../errors.js'
import { DB_HELP, DB_OPTION, HELP_OPTION, type Command } from './command.js'
import { dbTarget, withStore } from './db.js'

/** `queue cancel <id>`: an unfinished job never runs (again). */
export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'cancel an unfinished job',
  help: `Usage: queue cancel <id> [--db <url>]

Cancels a job that has not finished. A running job loses its lease; its result is discarded.

Options:
${DB_HELP}
  -h, --help          show this help`,
  options: { ...DB_OPTION, ...HELP_OPTION },
  maxPositionals: 1,
  async run({ values, positionals, io }) {
    const id = positionals[0]
    if (id === undefined) throw new UsageError('queue cancel: give the id of the job to cancel')
    return withStore(dbTarget(values, io), async (store) => {
      const answer = await store.cancel({ id })
      if (!answer) throw new CliError(`queue cancel: no job with id ${id}`)
      if (!answer.changed) throw new CliError(`queue cancel: job ${id} is already ${answer.job.state}`)
      io.stdout.write(`job ${id} cancelled\n`)
      return 0
    })
  },
}
