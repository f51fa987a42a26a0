import type { JobStore, PriorityRange, Worker } from '@queue/core'
import { parseDuration } from '../args/duration.js'
import { parsePriorityRange } from '../args/priority.js'
import { parseInteger, splitList } from '../args/values.js'
import { cliLogger } from '../output/logger.js'
import { openMigratedStore, describe } from '../store/open.js'
import { DB_HELP, DB_OPTION, HELP_OPTION, type Command, type Io } from './command.js'
import { dbTarget } from './db.js'

/** The flags `queue worker` and `queue process` share. */
export const WORKER_OPTIONS = {
  ...DB_OPTION,
  ...HELP_OPTION,
  queues: { type: 'string', multiple: true },
  priority: { type: 'string', short: 'p' },
  concurrency: { type: 'string', short: 'c' },
  'allow-exec': { type: 'string', multiple: true },
  grace: { type: 'string' },
} as const

export const WORKER_HELP = `  --queues <a,b>      only these queues; repeatable or comma-separated (default all)
  -p, --priority <r>  only priorities in range: 20-40, 25- (and up), -20 (up to), 10 (exactly);
                      write --priority=-20 (or -p-20) for an open lower bound
  -c, --concurrency <n>  jobs run at once (default 20)
  --allow-exec <path> programs the exec command may run; repeatable or comma-separated
                      (default none: exec jobs fail)
  --grace <duration>  on SIGTERM/SIGINT, how long running jobs may finish (default 10s)
${DB_HELP}
  -h, --help          show this help`

/** Worker settings parsed from flags. */
export interface WorkerSettings {
  queues: string[]
  priority: PriorityRange | undefined
  concurrency: number
  allowExec: string[]
  graceMs: number
}

export const DEFAULT_CONCURRENCY = 20
export const DEFAULT_GRACE_MS = 10_000

/** Parses the shared worker flags. */
export function workerSettings(values: Record<string, unknown>): WorkerSettings {
  return {
    queues: splitList(values.queues as string[] | undefined),
    priority: values.priority === undefined ? undefined : parsePriorityRange(values.priority as string),
    concurrency: values.concurrency === undefined ? DEFAULT_CONCURRENCY : parseInteger(values.concurrency as string, '--concurrency', { min: 1, max: 10_000 }),
    allowExec: splitList(values['allow-exec'] as string[] | undefined),
    graceMs: values.grace === undefined ? DEFAULT_GRACE_MS : parseDuration(values.grace as string, '--grace'),
  }
}

/** A Worker running the http/exec command handlers on `store`. */
export async function commandWorker(store: JobStore, settings: WorkerSettings, io: Io): Promise<Worker> {
  // Loaded on use so that `--help` and the admin commands start fast.
  const [{ Queue, Worker }, { commandHandlers }] = await Promise.all([import('@queue/core'), import('@queue/http')])
  const queue = new Queue({ store })
  return new Worker({
    store,
    handlers: { ...commandHandlers({ queue, allowExec: settings.allowExec }) },
    concurrency: settings.concurrency,
    ...(settings.queues.length > 0 ? { queues: settings.queues } : {}),
    ...(settings.priority ? { priority: settings.priority } : {}),
    graceMs: settings.graceMs,
    logger: cliLogger(io),
  })
}

/** `queue worker`: a long-running worker (seed 003's supervisor-managed workers, seed 002's consume). */
export const workerCommand: Command = {
  name: 'worker',
  summary: 'run jobs until SIGTERM/SIGINT (for systemd, supervisord, containers)',
  help: `Usage: queue worker [--queues a,b] [--priority 20-40] [--concurrency N] [--allow-exec /path] [--db <url>]

Runs http and exec jobs (seed 001 commands and their callbacks) until it receives SIGTERM or
SIGINT, then lets running jobs finish within the grace period. Run as many workers as you like,
on as many machines as share the database.

Options:
${WORKER_HELP}

Example (a worker reserved for urgent jobs, like seed 002's consume -p):
  queue worker --priority 900- --concurrency 4`,
  options: WORKER_OPTIONS,
  maxPositionals: 0,
  async run({ values, io }) {
    const settings = workerSettings(values)
    const target = dbTarget(values, io)
    const store = await openMigratedStore(target)
    const worker = await commandWorker(store, settings, io)
    // A handler's StopWorkerError (seed 002's DieException) stops the worker on its own: exit 1 so
    // a supervisor (systemd, supervisord) starts a fresh process.
    const selfStopped = new Promise<'self'>((resolve) => worker.on('stopped', () => resolve('self')))
    worker.start()
    io.stderr.write(`queue worker running on ${describe(target)} (concurrency ${settings.concurrency})\n`)
    const reason = await Promise.race([io.shutdown, selfStopped])
    if (reason !== 'self') {
      io.stderr.write(`queue worker: ${reason}, finishing running jobs (grace ${settings.graceMs} ms)\n`)
      await worker.stop()
    }
    await store.close()
    if (reason === 'self') {
      io.stderr.write('queue worker: stopped by a job (StopWorkerError); exiting 1 so the supervisor restarts it\n')
      return 1
    }
    return 0
  },
}
