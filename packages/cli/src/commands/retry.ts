import type { JobStore } from '@queue/core'
import { CliError, UsageError } from '../errors.js'
import { DB_HELP, DB_OPTION, HELP_OPTION, type Command } from './command.js'
import { dbTarget, withStore } from './db.js'

/** Ids of every failed job, read page by page before any is changed so paging stays stable. */
async function failedIds(store: JobStore): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | undefined
  do {
    const page = await store.list({ state: 'failed', limit: 500, ...(cursor ? { cursor } : {}) })
    ids.push(...page.jobs.map((job) => job.id))
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return ids
}

/** `queue retry`: a failed or cancelled job back to ready (seed 003's kick). */
export const retryCommand: Command = {
  name: 'retry',
  summary: 'run a failed or cancelled job again (or every failed one)',
  help: `Usage: queue retry <id> [--db <url>]
       queue retry --all-failed [--db <url>]

Moves a failed or cancelled job back to ready with a fresh attempt budget.

Options:
  --all-failed        retry every failed job
${DB_HELP}
  -h, --help          show this help`,
  options: { ...DB_OPTION, ...HELP_OPTION, 'all-failed': { type: 'boolean' } },
  maxPositionals: 1,
  async run({ values, positionals, io }) {
    const id = positionals[0]
    if (values['all-failed'] && id !== undefined) throw new UsageError('queue retry: give a job id or --all-failed, not both')
    if (!values['all-failed'] && id === undefined) throw new UsageError('queue retry: give a job id or --all-failed')
    return withStore(dbTarget(values, io), async (store) => {
      if (id !== undefined) {
        const answer = await store.retry({ id })
        if (!answer) throw new CliError(`queue retry: no job with id ${id}`)
        if (!answer.changed) throw new CliError(`queue retry: job ${id} is ${answer.job.state}; only failed or cancelled jobs can be retried`)
        io.stdout.write(`job ${id} is ready again\n`)
        return 0
      }
      let retried = 0
      for (const failed of await failedIds(store)) if ((await store.retry({ id: failed }))?.changed) retried++
      io.stdout.write(`retried ${retried} failed job${retried === 1 ? '' : 's'}\n`)
      return 0
    })
  },
}
