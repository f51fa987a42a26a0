import type { Executor } from '../executor.js'
import type { ClaimParams, InsertParams, InsertResult, JobStore, LeasedJob, NewJob, Notifier, Outcome, SettleResult, StoreCapabilities } from '@queue/core'
import { validCount, validDate, validateLeasedInsert, validateNewJob } from '@queue/core'
import { cancelJob, countJobs, countJobsByQueue, getJob, listJobs, pruneJobs, queueNames, removeJob, retryJob } from '../ops/admin.js'
import { claimJobs } from '../ops/claim.js'
import { settleAndClaim } from '../ops/fold.js'
import { insertJobs, insertLeasedJob } from '../ops/insert.js'
import { reclaimExpired, renewLeases, storeProgress } from '../ops/leases.js'
import { settleJobs } from '../ops/settle.js'
import { migrate } from '../schema/migrate.js'
import { SqlStoreClosedError, UnsupportedTransactionError } from './errors.js'
import { names } from './names.js'
import type { SqlStoreOptions } from './options.js'

/** A JobStore over SQL, plus what only a SQL store has. */
export interface SqlJobStore extends JobStore {
  /** The executor the store runs on (for the ORM stores and tests). */
  readonly executor: Executor
  /**
   * Settles `outcomes` and claims the next batch in one commit instead of two: the hot loop of a
   * worker that settles a whole batch before claiming again. Same fencing and claim rules as
   * `settle` + `claim`. A job this call releases may be claimed by the same call (sqlite, mysql: one
   * transaction) or from the next call on (postgres: one statement, one snapshot). Not measurably
   * faster on the loaded 2-core machine it was written on (CPU-bound there); it halves commits,
   * which is what bounds a drain where commits are the cost.
   */
  settleAndClaim(params: { outcomes: Outcome[]; claim: ClaimParams; now?: Date }): Promise<{ settled: SettleResult[]; claimed: LeasedJob[] }>
}

/**
 * Builds a JobStore from any Executor: the one SQL implementation of the storage port. The raw
 * driver stores (`postgresStore`, `mysqlStore`, `sqliteStore`) and the ORM stores
 * (`@queue/typeorm`, `@queue/prisma`) are this function plus an executor.
 *
 * The schema is migrated on first use (or by `migrate()`), under a database lock.
 * `insert({ tx })` runs on `executor.adopt(tx)`; without `adopt`, `transactionalEnqueue` is false.
 *
 * @example
 * const store = sqlStore({ executor: myExecutor, tablePrefix: 'app_' })
 */
export function sqlStore(options: SqlStoreOptions): SqlJobStore {
  const { executor } = options
  const n = names(executor.dialect, options)
  const notifier: Notifier | undefined = options.notifier
  const notify = options.notify ?? (notifier === undefined ? 'none' : executor.dialect === 'postgres' ? 'native' : 'emulated')
  // A pooled server database runs two claims on two connections; sqlite's one connection runs them one after the other.
  const capabilities: StoreCapabilities = {
    notify,
    transactionalEnqueue: executor.adopt !== undefined,
    parallelClaims: executor.dialect !== 'sqlite',
    leasedInsert: true,
  }
  let migrated = options.autoMigrate === false
  let migrating: Promise<void> | null = null
  let closed = false

  function open(): void {
    if (closed) throw new SqlStoreClosedError()
  }
  function ready(): Promise<void> | null {
    if (migrated) return null
    migrating ??= (options.migrator?.() ?? migrate(executor, n, Date.now()).then(() => {})).then(
      () => {
        migrated = true
      },
      (error: unknown) => {
        migrating = null
        throw error
      },
    )
    return migrating
  }
  /** Runs `fn` once the schema is there; synchronously when it already is. */
  function after<T>(fn: () => Promise<T>): Promise<T> {
    open()
    const pending = ready()
    return pending === null ? fn() : pending.then(fn)
  }
  const at = (now: Date | undefined): number => validDate(now ?? new Date(), 'now').getTime()
  /** Emulated wake-ups run here; postgres notifies inside the statement, MySQL polls. */
  function wake(queues: readonly string[]): void {
    if (notify !== 'emulated' || notifier === undefined) return
    for (const queue of new Set(queues)) void notifier.notify(queue).catch(() => {})
  }
  function target(tx: unknown): Executor {
    if (tx === undefined || tx === null) return executor
    if (executor.adopt === undefined) throw new UnsupportedTransactionError(`the ${executor.dialect} executor cannot join a caller's transaction`)
    const adopted = executor.adopt(tx)
    if (adopted === null) throw new UnsupportedTransactionError(`not a transaction handle this ${executor.dialect} store understands`)
    return adopted
  }

  return {
    capabilities,
    ...(notifier === undefined ? {} : { notifier }),
    executor,
    async migrate() {
      open()
      migrating = null
      migrated = false
      await ready()
    },
    async close() {
      if (closed) return
      closed = true
      await migrating?.catch(() => {})
      await options.onClose?.()
    },
    insert(params: InsertParams): Promise<InsertResult[]> {
      // Not async: with the schema in place the INSERT is issued before this returns (sqlite tx).
      try {
        params.jobs.forEach((job) => validateNewJob(job))
        const now = at(params.now)
        if (params.lease !== undefined) {
          validateLeasedInsert(params, new Date(now))
          const { lease } = params
          // Active from the start: nothing to wake.
          return after(() => insertLeasedJob(executor, n, params.jobs[0] as NewJob, now, lease, params.reusePayloads === true))
        }
        const exec = target(params.tx)
        return after(() => insertJobs(exec, n, params.jobs, now, params.reusePayloads === true)).then((results) => {
          wake(results.filter((r) => !r.duplicate && r.job.state === 'ready').map((r) => r.job.queue))
          return results
        })
      } catch (error) {
        return Promise.reject(error)
      }
    },
    async claim(params) {
      validClaim(params)
      const now = at(params.now)
      return after(() => claimJobs(executor, n, params, now))
    },
    async renewLeases(params) {
      validCount(params.leaseMs, 'leaseMs')
      const now = at(params.now)
      return after(() => renewLeases(executor, n, params.leases, now + params.leaseMs))
    },
    async settle({ outcomes, now }) {
      const time = at(now)
      const settled = await after(() => settleJobs(executor, n, outcomes, time))
      wake(settled.released)
      return settled.results
    },
    async settleAndClaim({ outcomes, claim, now }) {
      validClaim(claim)
      const time = at(now ?? claim.now)
      const done = await after(() => settleAndClaim(executor, n, outcomes, claim, time))
      wake(done.released)
      return { settled: done.results, claimed: done.claimed }
    },
    async progress(params) {
      return after(() => storeProgress(executor, n, params))
    },
    async reclaimExpired({ limit, now }) {
      validCount(limit, 'reclaim limit')
      const time = at(now)
      const { moved, ready } = await after(() => reclaimExpired(executor, n, limit, time))
      wake(ready)
      return moved
    },
    async get({ id }) {
      return after(() => getJob(executor, n, id))
    },
    async list(params) {
      return after(() => listJobs(executor, n, params))
    },
    async counts(params) {
      const now = at(params.now)
      return after(() => countJobs(executor, n, params, now))
    },
    async countsByQueue(params) {
      const now = at(params.now)
      return after(() => countJobsByQueue(executor, n, now))
    },
    async cancel({ id, now }) {
      const time = at(now)
      return after(() => cancelJob(executor, n, id, time))
    },
    async retry({ id, now }) {
      const time = at(now)
      const result = await after(() => retryJob(executor, n, id, time))
      if (result?.changed === true) wake([result.job.queue])
      return result
    },
    async remove({ id }) {
      return after(() => removeJob(executor, n, id))
    },
    async prune(params) {
      validDate(params.olderThan, 'olderThan')
      return after(() => pruneJobs(executor, n, params))
    },
    async queues() {
      return after(() => queueNames(executor, n))
    },
  }
}

function validClaim(params: ClaimParams): void {
  validCount(params.limit, 'claim limit')
  validCount(params.leaseMs, 'leaseMs')
  if (typeof params.workerId !== 'string') throw new TypeError('workerId must be a string')
  for (const bound of [params.priority?.min, params.priority?.max]) {
    if (bound !== undefined && !Number.isInteger(bound)) throw new TypeError(`priority bounds must be integers, got ${bound}`)
  }
}

