import type { NewJob } from '../../job/job.js'
import type { JobStore, StoreCapabilities } from '../port.js'
import { cancelJob, countJobs, countJobsByQueue, getJob, listJobs, pruneJobs, queueNames, removeJob, retryJob } from './admin.js'
import { claimJobs, reclaimExpired, renewLeases } from './claim.js'
import { insertJobs, insertLeased } from './insert.js'
import { MemoryNotifier } from './notifier.js'
import { settleJobs, storeProgress } from './settle.js'
import { createTable } from './table.js'
import { validCount, validDate, validateLeasedInsert, validateNewJob } from '../validate.js'

/** Options of `memoryStore`. */
export interface MemoryStoreOptions {
  /** The clock used when a call passes no `now`; default `() => new Date()`. */
  clock?: () => Date
}

/** Thrown by every call on a memory store after `close()`. */
export class MemoryStoreClosedError extends Error {
  override readonly name = 'MemoryStoreClosedError'
  constructor() {
    super('the memory store is closed')
  }
}

/**
 * The reference store: every job lives in this process's memory, so it suits tests, examples and
 * single-process tools, and is lost when the process exits. It passes `@queue/core/testing` and is
 * the behaviour every other store is held to. Wake-ups are emitted in-process (`notify:
 * 'emulated'`); there is no transaction to join (`transactionalEnqueue: false`).
 *
 * @example
 * const store = memoryStore()
 * const queue = new Queue({ store })
 */
export function memoryStore(options: MemoryStoreOptions = {}): JobStore {
  const clock = options.clock ?? (() => new Date())
  const table = createTable()
  const notifier = new MemoryNotifier()
  let closed = false
  const capabilities: StoreCapabilities = { notify: 'emulated', transactionalEnqueue: false, leasedInsert: true }

  /** Every operation runs synchronously inside this guard, which is what makes claims atomic. */
  function open(): void {
    if (closed) throw new MemoryStoreClosedError()
  }
  const at = (now: Date | undefined): Date => validDate(now ?? clock(), 'now')

  return {
    capabilities,
    notifier,
    async migrate() {
      open()
    },
    async close() {
      closed = true
      notifier.clear()
    },
    async insert(params) {
      const { jobs, tx, now, reusePayloads, lease } = params
      open()
      if (tx !== undefined) throw new TypeError('memoryStore cannot enqueue inside a transaction (capabilities.transactionalEnqueue is false)')
      jobs.forEach((job) => validateNewJob(job))
      if (lease !== undefined) {
        validateLeasedInsert(params, at(now))
        return [insertLeased(table, jobs[0] as NewJob, at(now), lease, reusePayloads === true)]
      }
      const results = insertJobs(table, jobs, at(now), reusePayloads === true)
      notifier.wake(results.filter((r) => !r.duplicate && r.job.state === 'ready').map((r) => r.job.queue))
      return results
    },
    async claim(params) {
      open()
      validCount(params.limit, 'claim limit')
      validCount(params.leaseMs, 'leaseMs')
      return claimJobs(table, params, at(params.now))
    },
    async renewLeases(params) {
      open()
      validCount(params.leaseMs, 'leaseMs')
      return renewLeases(table, params, at(params.now))
    },
    async settle({ outcomes, now }) {
      open()
      const { results, released } = settleJobs(table, outcomes, at(now))
      notifier.wake(released.map((row) => row.queue))
      return results
    },
    async progress(params) {
      open()
      return storeProgress(table, params)
    },
    async reclaimExpired({ limit, now }) {
      open()
      validCount(limit, 'reclaim limit')
      const moved = reclaimExpired(table, limit, at(now))
      notifier.wake(moved.filter((row) => row.state === 'ready').map((row) => row.queue))
      return moved.length
    },
    async get({ id }) {
      open()
      return getJob(table, id)
    },
    async list(params) {
      open()
      return listJobs(table, params)
    },
    async counts(params) {
      open()
      return countJobs(table, params, at(params.now))
    },
    async countsByQueue(params) {
      open()
      return countJobsByQueue(table, at(params.now))
    },
    async cancel({ id, now }) {
      open()
      return cancelJob(table, id, at(now))
    },
    async retry({ id, now }) {
      open()
      const result = retryJob(table, id, at(now))
      if (result?.changed === true) notifier.wake([result.job.queue])
      return result
    },
    async remove({ id }) {
      open()
      return removeJob(table, id)
    },
    async prune(params) {
      open()
      validDate(params.olderThan, 'olderThan')
      return pruneJobs(table, params)
    },
    async queues() {
      open()
      return queueNames(table)
    },
  }
}
