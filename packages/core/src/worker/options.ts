import type { Job, LeasedJob } from '../job/job.js'
import { assertDuration, assertInteger, assertKnownKeys, assertName, InvalidOptionError } from '../queue/invalid-option.js'
import type { PayloadOf, ResultOf, TaskMap, TaskName, UntypedTasks } from '../queue/tasks.js'
import type { JobStore, PriorityRange } from '../store/port.js'
import type { Logger } from './logger.js'

/** A claimed job as its handler sees it. */
export type ClaimedJob<Payload = unknown> = LeasedJob & { payload: Payload }

/** What a handler receives besides its payload. */
export interface JobContext<Payload = unknown> {
  /** The job as claimed (state `active`, `attempts` already counting this attempt). */
  readonly job: ClaimedJob<Payload>
  /** 1 for the first attempt. */
  readonly attempt: number
  /** Aborts on timeout, on cancel (the lease is gone) and when shutdown's grace period ends. */
  readonly signal: AbortSignal
  /** Stores progress on the job (any JSON value); false when the lease is gone. */
  progress(value: unknown): Promise<boolean>
  /** The worker's logger, bound to this job when the logger has `child`. */
  readonly log: Logger
}

/** A job handler: resolves to the job's result, or throws (see PermanentError, WaitError, StopWorkerError). */
export type JobHandler<Payload = unknown, Result = unknown> = (
  payload: Payload,
  ctx: JobContext<Payload>,
) => Result | Promise<Result>

/** One handler per job name; a name without a handler fails permanently when this worker claims it. */
export type WorkerHandlers<T extends TaskMap<T> = UntypedTasks> = {
  [N in TaskName<T>]?: JobHandler<PayloadOf<T, N>, ResultOf<T, N>>
}

export interface WorkerOptions<T extends TaskMap<T> = UntypedTasks> {
  store: JobStore
  // NoInfer: an untyped worker keeps UntypedTasks instead of inferring `payload: unknown` from its handlers.
  handlers: NoInfer<WorkerHandlers<T>>
  /** Only these queues; default all. */
  queues?: readonly string[]
  /** Handlers running at once. Default 10. */
  concurrency?: number
  /** Inclusive priority range this worker takes (seed 002's `consume -p 20-40`). */
  priority?: PriorityRange
  /** Lease length; renewed by heartbeat while the handler runs. Default 30,000. */
  leaseMs?: number
  /** How often running leases are renewed, in one `renewLeases` call. Default leaseMs / 3. */
  heartbeatMs?: number
  /** How often expired leases of dead workers are reclaimed. Default leaseMs / 2. */
  reclaimMs?: number
  /**
   * Idle poll interval: doubles from `min` to `max` while nothing is claimable. With a store whose
   * wake-ups come from the database (`capabilities.notify === 'native'`) an empty claim goes straight
   * to `max`: every new ready job is announced, and the worker wakes for its own retries and waits
   * when they fall due. Default { min: 5, max: 1000 }.
   */
  pollMs?: number | { min?: number; max?: number }
  /** Timeout for jobs that set none themselves. Default: none. */
  timeoutMs?: number
  /** Default grace period of `stop()`. Default 10,000. */
  graceMs?: number
  /**
   * Take jobs that `queue.add` adds in this process straight from the insert, when this worker is
   * idle (nothing running or waiting to be settled, nothing to claim): the job is stored already leased to the worker
   * (`capabilities.leasedInsert`) and starts when the insert commits, without the notification and
   * claim round trips (PostgreSQL pickup at idle: see docs/benchmarks.md). Only a job due at once,
   * without groupKey or uniqueKey, added outside a transaction, whose queue, priority and name this
   * worker takes. Default true.
   */
  handoff?: boolean
  /** Identifies this worker in `lockedBy`. Default `host:pid:random`. */
  id?: string
  /** pino-compatible logger. Default: warnings and errors to the console. */
  logger?: Logger
  /** Runs before each handler; a throw fails the attempt like a handler error. */
  onBeforeProcess?: (job: LeasedJob) => void | Promise<void>
  /** Runs after a handler succeeded, before the result is stored; a throw fails the attempt. */
  onAfterProcess?: (job: LeasedJob, result: unknown) => void | Promise<void>
  /**
   * Runs when an attempt failed (handler error, timeout, unknown name). What it throws replaces the
   * error, so it can turn an error into a StopWorkerError (seed 002's DieException from onError).
   */
  onError?: (error: unknown, job: LeasedJob) => void | Promise<void>
  /** Call `onNotify` (or log an error) when a job's failed attempt is its `notifyAfterAttempts`-th. */
  notifyAfterAttempts?: number
  onNotify?: (job: Job, error: unknown) => void | Promise<void>
}

/** Worker options with every default applied. */
export interface WorkerSettings {
  queues: readonly string[] | undefined
  concurrency: number
  priority: PriorityRange | undefined
  leaseMs: number
  heartbeatMs: number
  reclaimMs: number
  pollMinMs: number
  pollMaxMs: number
  timeoutMs: number | null
  graceMs: number
  handoff: boolean
}

const WORKER_OPTION_KEYS: ReadonlySet<string> = new Set([
  'store',
  'handlers',
  'queues',
  'concurrency',
  'priority',
  'leaseMs',
  'heartbeatMs',
  'reclaimMs',
  'pollMs',
  'timeoutMs',
  'graceMs',
  'handoff',
  'id',
  'logger',
  'onBeforeProcess',
  'onAfterProcess',
  'onError',
  'notifyAfterAttempts',
  'onNotify',
])

const HOOKS = ['onBeforeProcess', 'onAfterProcess', 'onError', 'onNotify'] as const

/** Checks the options (throwing `InvalidOptionError`) and applies the defaults. */
export function workerSettings(options: WorkerOptions<never>): WorkerSettings {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'must be an object')
  assertKnownKeys('Worker', options, WORKER_OPTION_KEYS)
  const s = options.store as Partial<JobStore> | undefined
  if (typeof s?.claim !== 'function' || typeof s.settle !== 'function' || typeof s.renewLeases !== 'function') {
    throw new InvalidOptionError('store', 'must be a JobStore (claim, settle, renewLeases, ...)')
  }
  if (typeof options.handlers !== 'object' || options.handlers === null) throw new InvalidOptionError('handlers', 'must be an object of functions')
  for (const [name, handler] of Object.entries(options.handlers)) {
    if (typeof handler !== 'function') throw new InvalidOptionError(`handlers.${name}`, 'must be a function')
  }
  for (const hook of HOOKS) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function') throw new InvalidOptionError(hook, 'must be a function')
  }
  if (options.logger !== undefined) {
    const l = options.logger as Partial<Logger> | null
    if (!l || typeof l.info !== 'function' || typeof l.warn !== 'function' || typeof l.error !== 'function' || typeof l.debug !== 'function') {
      throw new InvalidOptionError('logger', 'must have debug, info, warn and error methods')
    }
  }
  if (options.id !== undefined) assertName('id', options.id)
  if (options.notifyAfterAttempts !== undefined) assertInteger('notifyAfterAttempts', options.notifyAfterAttempts, 1)

  let queues: readonly string[] | undefined
  if (options.queues !== undefined) {
    if (!Array.isArray(options.queues)) throw new InvalidOptionError('queues', 'must be an array of queue names')
    options.queues.forEach((q, i) => assertName(`queues[${i}]`, q))
    queues = options.queues.length > 0 ? [...options.queues] : undefined
  }

  const concurrency = options.concurrency ?? 10
  assertInteger('concurrency', concurrency, 1, 10_000)

  let priority: PriorityRange | undefined
  if (options.priority !== undefined) {
    const { min, max } = options.priority
    if (min !== undefined) assertInteger('priority.min', min, -INT_LIMIT, INT_LIMIT)
    if (max !== undefined) assertInteger('priority.max', max, -INT_LIMIT, INT_LIMIT)
    if (min !== undefined && max !== undefined && min > max) throw new InvalidOptionError('priority', `min ${min} is above max ${max}`)
    priority = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }
  }

  const leaseMs = options.leaseMs ?? 30_000
  assertInteger('leaseMs', leaseMs, 10)
  const heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3))
  assertInteger('heartbeatMs', heartbeatMs, 1, leaseMs - 1)
  const reclaimMs = options.reclaimMs ?? Math.max(1, Math.floor(leaseMs / 2))
  assertInteger('reclaimMs', reclaimMs, 1)

  const poll = typeof options.pollMs === 'number' ? { min: options.pollMs, max: options.pollMs } : (options.pollMs ?? {})
  const pollMinMs = poll.min ?? 5
  const pollMaxMs = poll.max ?? Math.max(1000, pollMinMs)
  assertDuration('pollMs.min', pollMinMs, 1)
  assertDuration('pollMs.max', pollMaxMs, pollMinMs)

  const timeoutMs = options.timeoutMs ?? null
  if (timeoutMs !== null) assertInteger('timeoutMs', timeoutMs, 1)
  const graceMs = options.graceMs ?? 10_000
  assertDuration('graceMs', graceMs)

  if (options.handoff !== undefined && typeof options.handoff !== 'boolean') throw new InvalidOptionError('handoff', 'must be a boolean')
  const handoff = options.handoff ?? true

  return { queues, concurrency, priority, leaseMs, heartbeatMs, reclaimMs, pollMinMs, pollMaxMs, timeoutMs, graceMs, handoff }
}

const INT_LIMIT = 2 ** 31 - 1
