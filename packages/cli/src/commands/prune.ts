import { FINISHED_STATES, type FinishedState } from '@queue/core'
import { parseDuration } from '../args/duration.js'
import { splitList } from '../args/values.js'
import { UsageError } from '../errors.js'
import { DB_HELP, DB_OPTION, HELP_OPTION, type Command } from './command.js'
import { dbTarget, withStore } from './db.js'

/** Parses `--state` values; only finished states can be pruned. */
export function parseFinishedStates(values: readonly string[]): FinishedState[] | undefined {
  if (values.length === 0) return undefined
  for (const state of values) {
    if (!(FINISHED_STATES as readonly string[]).includes(state)) {
      throw new UsageError(`--state: "${state}" is not a finished state (use ${FINISHED_STATES.join(', ')})`)
    }
  }
  return [...new Set(values)] as FinishedState[]
}

/** `queue prune`: deletes finished jobs older than a duration (seed 002's clear-finished [days]). */
export const pruneCommand: Command = {
  name: 'prune',
  summary: 'delete finished jobs older than a duration',
  help: `Usage: queue prune --older-than <duration> [--state completed] [--db <url>]

Deletes jobs that finished (completed, failed or cancelled) longer ago than the duration, in
bounded batches. Unfinished jobs are never touched.

Options:
  --older-than <d>    required: 14d, 12h, 30m, 45s (sums like 1d12h work)
  --state <state>     only this finished state; repeatable or comma-separated
                      (completed, failed, cancelled; default all three)
${DB_HELP}
  -h, --help          show this help

Example:
  queue prune --older-than 14d --state completed`,
  options: { ...DB_OPTION, ...HELP_OPTION, 'older-than': { type: 'string' }, state: { type: 'string', multiple: true } },
  maxPositionals: 0,
  async run({ values, io }) {
    if (values['older-than'] === undefined) throw new UsageError('queue prune: --older-than is required (e.g. --older-than 14d)')
    const ageMs = parseDuration(values['older-than'] as string, '--older-than')
    const states = parseFinishedStates(splitList(values.state as string[] | undefined))
    const olderThan = new Date(Date.now() - ageMs)
    const deleted = await withStore(dbTarget(values, io), (store) => store.prune({ olderThan, ...(states ? { states } : {}) }))
    io.stdout.write(`pruned ${deleted} job${deleted === 1 ? '' : 's'} finished before ${olderThan.toISOString()}\n`)
    return 0
  },
}
