import type { LeasedJob, MemorySample } from '../job/job.js'
import type { JobStore } from '../store/port.js'
import type { Logger } from './logger.js'
import { JobTimeoutError } from './outcome.js'
import type { JobContext, JobHandler, WorkerOptions } from './options.js'
import { sampleMemory } from './stats.js'

/** How an attempt ended, as far as the worker is concerned. The first end wins; later ones are ignored. */
export type AttemptEnd =
  /** The handler (and onAfterProcess) resolved. */
  | { type: 'complete'; result: unknown }
  /** The handler or a hook threw, or the timeout passed. */
  | { type: 'error'; error: unknown }
  /** The lease is gone (cancelled or reclaimed): nothing to settle. */
  | { type: 'lost' }
  /** Shutdown's grace period ended: give the job back. */
  | { type: 'release'; reason: unknown }

export type Hooks = Pick<WorkerOptions, 'onBeforeProcess' | 'onAfterProcess'>

/**
 * One running attempt of one claimed job: its abort controller, its optional timeout timer (the only
 * per-job timer, and only when a timeout applies) and the moment it began.
 */
export class Attempt {
  readonly startedAt = performance.now()
  readonly memoryBefore: MemorySample = sampleMemory()
  /** True once the attempt has ended; the handler may still be running, but its answer no longer counts. */
  done = false
  #timer: ReturnType<typeof setTimeout> | undefined
  // Built on first read of ctx.signal: an AbortController costs ~5 µs here (profiled at 32,000 jobs),
  // more than the rest of the worker's per-job work, and most handlers never look at it.
  #controller: AbortController | undefined
  #abortReason: unknown

  constructor(
    readonly job: LeasedJob,
    timeoutMs: number | null,
    private readonly onEnd: (attempt: Attempt, end: AttemptEnd) => void,
  ) {
    if (timeoutMs !== null) {
      this.#timer = setTimeout(() => {
        const error = new JobTimeoutError(timeoutMs)
        this.end({ type: 'error', error }, error)
      }, timeoutMs)
    }
  }

  /** Ends the attempt once; aborts the handler's signal with `abortReason` when given. */
  end(end: AttemptEnd, abortReason?: unknown): boolean {
    if (this.done) return false
    this.done = true
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    if (abortReason !== undefined) {
      this.#abortReason = abortReason
      this.#controller?.abort(abortReason)
    }
    this.onEnd(this, end)
    return true
  }

  /** The handler's signal, already aborted when the attempt was aborted before anyone asked for it. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController()
      if (this.#abortReason !== undefined) this.#controller.abort(this.#abortReason)
    }
    return this.#controller.signal
  }

  /** Runs hooks and handler; whatever happens ends the attempt (unless something else ended it first). */
  async execute(handler: JobHandler, hooks: Hooks, ctx: JobContext): Promise<void> {
    const job = this.job
    try {
      if (hooks.onBeforeProcess) await hooks.onBeforeProcess(job)
      if (this.done) return
      const result = await handler(job.payload, ctx)
      if (this.done) return
      if (hooks.onAfterProcess) await hooks.onAfterProcess(job, result)
      this.end({ type: 'complete', result: result === undefined ? null : result })
    } catch (error) {
      this.end({ type: 'error', error })
    }
  }
}

/**
 * The handler's ctx. A class rather than an object literal with getters: V8 builds literals with
 * accessors on a slow path (profiled at ~8 µs a job), while prototype getters cost nothing per job.
 * The job's child logger is built only when the handler reads `ctx.log`.
 */
export class AttemptContext implements JobContext {
  readonly job: LeasedJob
  readonly attempt: number
  #log: Logger | undefined

  constructor(
    readonly run: Attempt,
    private readonly store: JobStore,
    private readonly logger: Logger,
  ) {
    this.job = run.job
    this.attempt = run.job.attempts
  }

  get signal(): AbortSignal {
    return this.run.signal
  }

  get log(): Logger {
    const { job, logger } = this
    this.#log ??= logger.child ? logger.child({ jobId: job.id, jobName: job.name, queue: job.queue, attempt: job.attempts }) : logger
    return this.#log
  }

  progress(value: unknown): Promise<boolean> {
    return this.store.progress({ lease: this.job.lease, progress: value === undefined ? null : value })
  }
}
