import type { FinishedState, Job, JobCounts, JobState, NewJob } from '../job/job.js'
import { ValidationError } from '../errors.js'
import { countsOfEveryQueue } from '../store/counts-by-queue.js'
import type { ChangeResult, InsertResult, JobPage, JobStore, QueueCounts } from '../store/port.js'
import { assertDuration, assertKnownKeys, InvalidOptionError } from './invalid-option.js'
import { type AddOptions, toNewJob } from './options.js'
import type { StandardResult, StandardSchemaV1 } from './schema.js'
import type { PayloadOf, ResultOf, TaskMap, TaskName, UntypedTasks } from './tasks.js'
import { type HandoffSlot, handoffSlot } from '../worker/handoff.js'

/** A job as `add` returns it: `duplicate` when an unfinished job already held its uniqueKey. */
export type AddedJob<Payload = unknown, Result = unknown> = Job<Payload, Result> & { duplicate: boolean }

/** One entry of `queue.addMany`. */
export type AddManyItem<T extends TaskMap<T> = UntypedTasks> = {
  [N in TaskName<T>]: { name: N; payload: PayloadOf<T, N>; options?: AddOptions }
}[TaskName<T>]

/** Payload validators per job name, any Standard Schema implementation (zod, valibot, arktype). */
export type QueueSchemas<T extends TaskMap<T>> = { [N in TaskName<T>]?: StandardSchemaV1<unknown, PayloadOf<T, N>> }

export interface QueueOptions<T extends TaskMap<T> = UntypedTasks> {
  store: JobStore
  /** Validates payloads in `add`/`addMany`; a rejected payload is a `ValidationError` and nothing is inserted. */
  schemas?: NoInfer<QueueSchemas<T>>
}

export interface ListOptions {
  state?: JobState
  queue?: string
  name?: string
  limit?: number
  cursor?: string
}

export interface PruneOptions {
  /** Jobs finished before this Date, or more than this many milliseconds ago. */
  olderThan: Date | number
  /** Default: every finished state. */
  states?: readonly FinishedState[]
}

const QUEUE_OPTION_KEYS: ReadonlySet<string> = new Set(['store', 'schemas'])

/**
 * The producer and admin side: enqueues jobs and inspects, cancels, retries or prunes them.
 *
 * `add` and `addMany` call `store.insert` synchronously inside the call (before their first await,
 * unless a schema validates asynchronously), so a store whose `tx` is a synchronous transaction
 * (better-sqlite3's `db.transaction(() => ...)`) writes the job inside it.
 *
 * @typeParam T - the task map (see `TaskDefinition`); untyped when left out.
 */
export class Queue<T extends TaskMap<T> = UntypedTasks> {
  /** The store every call goes to. */
  readonly store: JobStore
  readonly #schemas: Partial<Record<string, StandardSchemaV1>>

  constructor(options: QueueOptions<T>) {
    if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'must be an object')
    assertKnownKeys('Queue', options, QUEUE_OPTION_KEYS)
    if (!isStore(options.store)) throw new InvalidOptionError('store', 'must be a JobStore (insert, claim, settle, ...)')
    this.store = options.store
    this.#schemas = (options.schemas ?? {}) as Partial<Record<string, StandardSchemaV1>>
    for (const [name, schema] of Object.entries(this.#schemas)) {
      if (typeof schema?.['~standard']?.validate !== 'function') {
        throw new InvalidOptionError(`schemas.${name}`, 'must be a Standard Schema (an object with ~standard.validate)')
      }
    }
  }

  /**
   * Enqueues one job. Resolves to the stored job; when an unfinished job already held `uniqueKey`,
   * to that job with `duplicate: true`. Rejects with `InvalidOptionError` or `ValidationError`.
   */
  add<N extends TaskName<T>>(
    name: N,
    payload: PayloadOf<T, N>,
    options?: AddOptions,
  ): Promise<AddedJob<PayloadOf<T, N>, ResultOf<T, N>>> {
    try {
      const now = Date.now()
      const job = toNewJob(name, payload, options, now)
      const validated = this.#validate([job])
      const insert = (jobs: NewJob[]) => {
        // An idle worker of this store in this process takes the job straight from the insert (`Worker` option `handoff`).
        const slot = options?.tx === undefined ? handoffSlot(this.store, jobs[0] as NewJob, now) : null
        const stored = slot === null ? this.store.insert({ jobs, tx: options?.tx }) : handOff(this.store, jobs, slot)
        return stored.then((rows) => added(rows[0], name) as AddedJob<PayloadOf<T, N>, ResultOf<T, N>>)
      }
      return validated instanceof Promise ? validated.then(insert) : insert(validated)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * Enqueues a batch with one `store.insert` call (one round trip; seed 002's bulk insert). Results
   * come back in input order. One transaction for the whole batch: `batch.tx`, or the `tx` every
   * item names (they must agree). `batch.reusePayloads`: each new job comes back with the payload
   * value you passed instead of a copy as stored (saves a JSON parse per job when you keep only ids).
   */
  addMany(items: readonly AddManyItem<T>[], batch: { tx?: unknown; reusePayloads?: boolean } = {}): Promise<AddedJob[]> {
    try {
      if (!Array.isArray(items)) throw new InvalidOptionError('items', 'must be an array')
      const now = Date.now()
      let tx = batch.tx
      const jobs = items.map((item, index) => {
        if (typeof item !== 'object' || item === null) throw new InvalidOptionError(`items[${index}]`, 'must be { name, payload, options? }')
        const itemTx = item.options?.tx
        if (itemTx !== undefined) {
          if (tx !== undefined && tx !== itemTx) throw new InvalidOptionError(`items[${index}].options.tx`, 'one batch runs in one transaction')
          tx = itemTx
        }
        return toNewJob(item.name, item.payload, item.options, now)
      })
      if (jobs.length === 0) return Promise.resolve([])
      const insert = (valid: NewJob[]) =>
        this.store.insert({ jobs: valid, tx, ...(batch.reusePayloads === true ? { reusePayloads: true } : {}) }).then((rows) => rows.map((row, i) => added(row, jobs[i]?.name ?? '')))
      const validated = this.#validate(jobs)
      return validated instanceof Promise ? validated.then(insert) : insert(validated)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** The job with this id, or null. */
  get(id: string): Promise<Job | null> {
    return this.store.get({ id })
  }

  /** Cancels an unfinished job (an active one loses its lease and its handler's signal aborts). Null for an unknown id. */
  cancel(id: string): Promise<ChangeResult | null> {
    return this.store.cancel({ id })
  }

  /** Sends a `failed` or `cancelled` job back to `ready` with a fresh attempt budget (seed 003's kick). Null for an unknown id. */
  retry(id: string): Promise<ChangeResult | null> {
    return this.store.retry({ id })
  }

  /** Deletes one job whatever its state; false for an unknown id. */
  remove(id: string): Promise<boolean> {
    return this.store.remove({ id })
  }

  /** Jobs per state, optionally of one queue. A due scheduled/retry/waiting job counts as `ready`. */
  counts(options: { queue?: string } = {}): Promise<JobCounts> {
    return this.store.counts(options.queue === undefined ? {} : { queue: options.queue })
  }

  /**
   * `counts` of every queue that holds jobs, sorted by name: one pass when the store has
   * `countsByQueue`, else `queues()` and one `counts` per queue.
   */
  countsByQueue(): Promise<QueueCounts[]> {
    return countsOfEveryQueue(this.store)
  }

  /** A page of jobs, newest first; pass `nextCursor` back as `cursor` for the next page. */
  list(options: ListOptions = {}): Promise<JobPage> {
    return this.store.list(options)
  }

  /** The distinct queue names that hold jobs. */
  queues(): Promise<string[]> {
    return this.store.queues()
  }

  /** Deletes finished jobs older than `olderThan` (seed 002's clear-finished [days]); resolves to how many. */
  prune(options: PruneOptions): Promise<number> {
    try {
      const { olderThan, states } = options
      let before: Date
      if (olderThan instanceof Date && !Number.isNaN(olderThan.getTime())) before = olderThan
      else {
        assertDuration('olderThan', olderThan)
        before = new Date(Date.now() - olderThan)
      }
      return this.store.prune(states === undefined ? { olderThan: before } : { olderThan: before, states })
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** Runs the registered validators; synchronous unless one of them answers with a promise. */
  #validate(jobs: NewJob[]): NewJob[] | Promise<NewJob[]> {
    let pending: Promise<void>[] | undefined
    for (const job of jobs) {
      const schema = this.#schemas[job.name]
      if (!schema) continue
      const result = schema['~standard'].validate(job.payload)
      if (result instanceof Promise) (pending ??= []).push(result.then((r) => apply(job, r)))
      else apply(job, result)
    }
    return pending ? Promise.all(pending).then(() => jobs) : jobs
  }
}

/** Replaces the payload by the validator's output (a schema may coerce or strip), or throws its issues. */
function apply(job: NewJob, result: StandardResult<unknown>): void {
  if (result.issues) {
    throw new ValidationError(
      job.name,
      result.issues.map((issue) => ({
        message: issue.message,
        ...(issue.path ? { path: issue.path.map((p) => (typeof p === 'object' ? p.key : p)) } : {}),
      })),
    )
  }
  job.payload = result.value === undefined ? null : result.value
}

/**
 * Inserts the job leased to the worker that reserved `slot`, and hands it over once committed: the
 * worker runs its own copy (the payload as stored), the caller gets the job as `add` returns it.
 */
function handOff(store: JobStore, jobs: NewJob[], slot: HandoffSlot): Promise<InsertResult[]> {
  return store.insert({ jobs, lease: { workerId: slot.workerId, leaseMs: slot.leaseMs } }).then(
    (rows) => {
      const row = rows[0]
      if (row?.lease === undefined) slot.cancel()
      else slot.accept({ ...row.job, payload: structuredClone(row.job.payload), lease: row.lease })
      return rows
    },
    (error: unknown) => {
      slot.cancel()
      throw error
    },
  )
}

function added(row: InsertResult | undefined, name: string): AddedJob {
  if (!row) throw new Error(`store.insert returned no row for job ${name}`)
  // The store hands back a fresh object per row; tagging it avoids copying every job of a big batch.
  const job = row.job as AddedJob
  job.duplicate = row.duplicate
  return job
}

function isStore(value: unknown): value is JobStore {
  const s = value as Partial<JobStore> | null
  return typeof s === 'object' && s !== null && typeof s.insert === 'function' && typeof s.claim === 'function' && typeof s.settle === 'function'
}
