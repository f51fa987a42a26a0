import { acquireDatabaseLock } from '../lock/database-lock.js'
import { acquireProcessLock } from '../lock/process-lock.js'
import { ProgressBar } from '../output/progress.js'
import { describe, openMigratedStore } from '../store/open.js'
import { CliError } from '../errors.js'
import type { Command } from './command.js'
import { dbTarget } from './db.js'
import { commandWorker, WORKER_HELP, WORKER_OPTIONS, workerSettings } from './worker.js'

/** `queue process`: runs every job that is ready now, then exits (seed 002's cron mode). */
export const processCommand: Command = {
  name: 'process',
  summary: 'run every job that is ready now, then exit (for cron)',
  help: `Usage: queue process [--queues a,b] [--priority 20-40] [--concurrency N] [--allow-exec /path] [--db <url>]

Runs jobs until none is ready, then exits 0. Jobs that fail temporarily are retried by a later run
once their backoff has passed. Only one \`queue process\` runs per database at a time: a second one
exits 1 at once (a lock file on this machine, plus an advisory lock on PostgreSQL and MySQL so
cron on several machines is covered too). On a terminal it draws a progress bar on stderr.

Options:
${WORKER_HELP}
  --lock-dir <dir>    where the lock file lives (default the OS temp dir)

Example crontab line:
  * * * * * cd /srv/app && queue process --db sqlite:/srv/app/queue.db`,
  options: { ...WORKER_OPTIONS, 'lock-dir': { type: 'string' } },
  maxPositionals: 0,
  async run({ values, io }) {
    const settings = workerSettings(values)
    const target = dbTarget(values, io)
    const lockDir = values['lock-dir'] as string | undefined
    const lock = acquireProcessLock(describe(target), lockDir ? { dir: lockDir } : {})
    let databaseLock: Awaited<ReturnType<typeof acquireDatabaseLock>> = null
    try {
      databaseLock = await acquireDatabaseLock(target).catch((error: unknown) => {
        if (error instanceof CliError) throw error
        throw new CliError(`queue process: cannot take the database lock on ${describe(target)}: ${(error as Error).message}`)
      })
      const store = await openMigratedStore(target)
      try {
        const worker = await commandWorker(store, settings, io)
        let ready = 0
        for (const queue of settings.queues.length > 0 ? settings.queues : [undefined]) {
          ready += (await store.counts(queue === undefined ? {} : { queue })).ready
        }
        const bar = new ProgressBar(io.stderr, ready)
        let completed = 0
        let failed = 0
        worker.on('completed', () => {
          completed++
          bar.tick()
        })
        worker.on('failed', () => {
          failed++
          bar.tick()
        })
        let retried = 0
        worker.on('retry', () => {
          retried++
          bar.tick()
        })
        bar.draw()
        let interrupted: string | null = null
        void io.shutdown.then((signal) => {
          interrupted = signal
          void worker.stop()
        })
        await worker.drain()
        bar.finish()
        io.stdout.write(
          `processed ${completed + failed} job${completed + failed === 1 ? '' : 's'} (${completed} completed, ${failed} failed)` +
            `${retried > 0 ? `; ${retried} attempt${retried === 1 ? '' : 's'} to retry later` : ''}` +
            `${interrupted ? `; stopped by ${interrupted}` : ''}\n`,
        )
        // 128 + the signal number, as a shell reports a process ended by that signal.
        return interrupted === null ? 0 : interrupted === 'SIGINT' ? 130 : 143
      } finally {
        await store.close()
      }
    } finally {
      await databaseLock?.release().catch(() => {})
      lock.release()
    }
  },
}
