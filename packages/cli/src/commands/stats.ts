import { countsOfEveryQueue, emptyCounts, type JobCounts, type JobState } from '@queue/core'
import { DB_HELP, DB_OPTION, HELP_OPTION, type Command } from './command.js'
import { dbTarget, withStore } from './db.js'
import { formatTable } from '../output/table.js'

const STATES: JobState[] = ['scheduled', 'ready', 'active', 'waiting', 'retry', 'completed', 'failed', 'cancelled']

/** Counts per queue and in total. */
export interface Stats {
  total: JobCounts
  queues: Record<string, JobCounts>
}

/** `queue stats`: jobs per state and queue, as a table or JSON. */
export const statsCommand: Command = {
  name: 'stats',
  summary: 'jobs per state and queue',
  help: `Usage: queue stats [--json] [--db <url>]

Prints how many jobs each queue holds in each state. A due scheduled, retry or waiting job counts
as ready.

Options:
  --json              print {"total": {...}, "queues": {"name": {...}}} instead of a table
${DB_HELP}
  -h, --help          show this help`,
  options: { ...DB_OPTION, ...HELP_OPTION, json: { type: 'boolean' } },
  maxPositionals: 0,
  async run({ values, io }) {
    const stats = await withStore(dbTarget(values, io), async (store) => {
      const byQueue = await countsOfEveryQueue(store)
      const queues: Record<string, JobCounts> = {}
      const total = emptyCounts()
      for (const { queue, counts } of byQueue) {
        queues[queue] = counts
        for (const state of STATES) total[state] += counts[state]
      }
      return { total, queues } satisfies Stats
    })
    if (values.json) {
      io.stdout.write(`${JSON.stringify(stats)}\n`)
      return 0
    }
    const rows = Object.entries(stats.queues).map(([name, counts]) => [name, ...STATES.map((s) => String(counts[s]))])
    rows.push(['total', ...STATES.map((s) => String(stats.total[s]))])
    io.stdout.write(formatTable(['queue', ...STATES], rows))
    return 0
  },
}
