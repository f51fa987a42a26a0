import { randomUUID } from 'node:crypto'
import { PermanentError } from '../errors.js'
import type { LeasedJob, NewJob } from '../job/job.js'
import type { TaskMap, UntypedTasks } from '../queue/tasks.js'
import type { ClaimParams, JobStore, Outcome, SettleAndClaimParams, SettleAndClaimResult } from '../store/port.js'
import { Attempt, AttemptContext, type AttemptEnd, type Hooks } from './attempt.js'
import { type HandoffSlot, offerHandoff } from './handoff.js'
import { WorkerEmitter, type WorkerEventName, type WorkerListener } from './events.js'
import { consoleWarnLogger, type Logger } from './logger.js'
import { type FailureVerdict, errorText, judgeFailure, LeaseLostError, ShutdownError } from './outcome.js'
import { type JobHandler, type WorkerOptions, type WorkerSettings, workerSettings } from './options.js'
import { leaseRenewal } from './renewal.js'
import { emitSettled, freesWork, type Settling, settleBatch } from './settling.js'
import { hostName, runStats } from './stats.js'
import { Wakeup } from './wakeup.js'

type Phase = 'idle' | 'running' | 'stopping' | 'stopped'

/** Jobs reclaimed per `reclaimExpired` call; called again at once while a full batch comes back. */
const RECLAIM_LIMIT = 1000
/** Store-error back-off: doubles from 50 ms up to 5 s, so an outage costs a handful of calls a minute. */
const ERROR_PAUSE_MIN_MS = 50
const ERROR_PAUSE_MAX_MS = 5000
const FAILURE_MESSAGES = { fail: 'job failed', retry: 'job failed; will retry', wait: 'job waiting' } as const
/**
 * Prefetch: a claim may lease up to this many jobs, more than the free slots, when handlers finish
 * faster than a claim round trip; the extra wait in a local buffer. The raw reference loops of
 * DESIGN.md claim 100 per commit; at concurrency 10 without prefetch the worker committed every
 * 10 jobs and drained at ~0.1x of them on SQLite and PostgreSQL. 300 per claim drained 20-25%
 * faster than 100 on both (fewer statements and commits per job). 500 was no faster than 300 on a
 * fast host, and 7-15% faster on a slower one, where each commit's fixed cost weighs more (two
 * Workers side by side, docs/benchmarks.md session 13); 1,000 was slower on the fast host. Not
 * exported from the package: tests read it.
 */
export const MAX_CLAIM = 500

/** The most due times of settled retries and waits a worker keeps to wake for; later ones wait for a poll. */
const DUE_TIMES_KEPT = 64
/** A prefetched job waits about this long at most for a slot, at the recent handler run time. */
const PREFETCH_WINDOW_MS = 20
/** While prefetched jobs wait to run, outcomes wait for the settle that claims the next batch, at most this long. */
const SETTLE_DELAY_MS = 20
/** Failed settles tolerated while stopping before the outcomes are given up (their leases then expire and the jobs re-run). */
const STOP_SETTLE_TRIES = 5

/**
 * Claims jobs from the store and runs their handlers, `concurrency` at a time.
 *
 * The hot path is one `store.claim({ limit: free slots })` per loop turn and one `store.settle` for
 * every outcome that finished since the last turn, sent alongside the next claim — or both in one
 * `store.settleAndClaim` commit when the store offers it: on the measured machines batching is the
 * difference between ~3,800 and ~70,000 jobs/s on PostgreSQL.
 * One heartbeat timer renews every running lease in one `renewLeases` call; one timer reclaims
 * expired leases of dead workers. Idle, the worker polls with back-off (5 ms doubling to 1 s) and
 * wakes at once on a store notification.
 *
 * @typeParam T - the task map (see `TaskDefinition`); untyped when left out.
 */
export class Worker<T extends TaskMap<T> = UntypedTasks> {
  /** This worker's id, recorded in `lockedBy` of the jobs it holds. */
  readonly id: string
  readonly #store: JobStore
  readonly #handlers: Partial<Record<string, JobHandler>>
  readonly #settings: WorkerSettings
  readonly #logger: Logger
  readonly #hooks: Hooks
  readonly #options: WorkerOptions<T>
  readonly #emitter: WorkerEmitter
  /** The store's optional settleAndClaim, bound; undefined when the store has none. */
  readonly #fold: ((params: SettleAndClaimParams) => Promise<SettleAndClaimResult>) | undefined

  #phase: Phase = 'idle'
  #mode: 'run' | 'drain' = 'run'
  readonly #running = new Set<Attempt>()
  #pending: Settling[] = []
  /** Claimed jobs waiting for a free slot (prefetch); they start in claim order. */
  #buffer: LeasedJob[] = []
  /** Jobs claimed beyond the free slots: grows while whole batches run faster than a claim, shrinks otherwise. */
  #prefetch = 0
  /** Mean handler run time (ms, moving average over the last few jobs), for sizing the prefetch; null before the first. */
  #runMs: number | null = null
  /** Outcomes held back for the next settleAndClaim are settled anyway at this time. */
  #settleBy = Number.POSITIVE_INFINITY
  /** Claim on the next turn: the last claim was full, a notification came, or the poll timer fired. */
  #claimNow = true
  #nextPollAt = 0
  #idleMs: number
  #idle = false
  #stopRequested = false
  readonly #wakeup = new Wakeup()
  #wakeScheduled = false
  #loopDone: Promise<void> = Promise.resolve()
  #stopping: Promise<void> | null = null
  #timers: ReturnType<typeof setInterval>[] = []
  #unlisten: Promise<(() => Promise<void>) | undefined> | null = null
  /** The store's own (database) wake-ups are being listened to: see `#nextIdleMs`. */
  #listening = false
  /** When our own settled retries and waits fall due, earliest first (`#wakeAt`). */
  #due: number[] = []
  #drainWaiters: (() => void)[] = []
  #emptyWaiters: (() => void)[] = []
  #renewing = false
  #reclaiming = false
  /** The settle in flight, if any; at most one at a time so outcomes stay in order. */
  #settling: Promise<void> | null = null
  #settlePauseMs = ERROR_PAUSE_MIN_MS
  #settleFailures = 0
  /** The last claim came back full: more jobs are probably waiting. */
  #backlog = false
  /** Claims in flight, at most `#maxClaims`; `#reserved` is the sum of their limits. */
  #claims = 0
  #reserved = 0
  /** Two claims in flight when the store runs them in parallel (`capabilities.parallelClaims`), else one. */
  readonly #maxClaims: number
  #claimPauseMs = ERROR_PAUSE_MIN_MS
  /** After a failed claim no claim goes out before this time (a `performance.now()` reading). */
  #claimPausedUntil = 0
  /** Slots reserved for jobs `queue.add` is inserting leased to this worker (the handoff). */
  #handoffs = 0
  /** Withdraws this worker from the handoff (`offerHandoff`); null while it is not offered. */
  #withdraw: (() => void) | null = null

  constructor(options: WorkerOptions<T>) {
    this.#settings = workerSettings(options as WorkerOptions<never>)
    this.#options = options
    this.#store = options.store
    const fold = options.store.settleAndClaim
    this.#fold = typeof fold === 'function' ? fold.bind(options.store) : undefined
    this.#maxClaims = options.store.capabilities?.parallelClaims === true ? 2 : 1
    this.#handlers = options.handlers as Partial<Record<string, JobHandler>>
    this.#logger = options.logger ?? consoleWarnLogger
    this.#hooks = { onBeforeProcess: options.onBeforeProcess, onAfterProcess: options.onAfterProcess }
    this.id = options.id ?? `${hostName()}:${process.pid}:${randomUUID().slice(0, 8)}`
    this.#idleMs = this.#settings.pollMinMs
    this.#emitter = new WorkerEmitter((error, event) => this.#report(error, `a '${event}' listener threw`))
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends WorkerEventName>(event: E, listener: WorkerListener<E>): () => void {
    return this.#emitter.on(event, listener)
  }

  /** Unsubscribes a listener. */
  off<E extends WorkerEventName>(event: E, listener: WorkerListener<E>): void {
    this.#emitter.off(event, listener)
  }

  /** Jobs whose handlers are running now. */
  get activeCount(): number {
    return this.#running.size
  }

  /** True between `start()` (or `drain()`) and the end of `stop()`. */
  get isRunning(): boolean {
    return this.#phase === 'running' || this.#phase === 'stopping'
  }

  /** Starts claiming and running jobs until `stop()`. Calling it again does nothing. */
  start(): this {
    if (this.#phase === 'stopping') throw new Error('the worker is stopping; await stop() before starting it again')
    if (this.#phase === 'running') {
      // A drain in progress becomes a running worker; the drain() promise still resolves at the next idle moment.
      if (this.#mode === 'drain') {
        this.#mode = 'run'
        this.#listen()
        this.#offerHandoff()
      }
      return this
    }
    this.#boot('run')
    return this
  }

  /**
   * Claims and runs everything claimable now, then resolves once nothing claimable is left and
   * nothing runs (seed 002's `process`, for cron). On a started worker it resolves at the next
   * such moment and the worker keeps running.
   */
  drain(): Promise<void> {
    if (this.#phase === 'stopping') return this.#stopping ?? Promise.resolve()
    const drained = new Promise<void>((resolve) => this.#drainWaiters.push(resolve))
    if (this.#phase === 'running') {
      this.#claimNow = true
      this.#signal()
    } else this.#boot('drain')
    return drained
  }

  /**
   * Stops claiming, waits up to `graceMs` (default the `graceMs` option, 10 s) for running handlers,
   * then aborts the rest and releases them to `ready` so another worker takes them at once.
   * Resolves when every outcome is settled. Calling it again returns the same promise.
   */
  stop(options: { graceMs?: number } = {}): Promise<void> {
    if (this.#phase === 'idle' || this.#phase === 'stopped') return Promise.resolve()
    if (this.#stopping) return this.#stopping
    const graceMs = options.graceMs ?? this.#settings.graceMs
    this.#phase = 'stopping'
    this.#endHandoff()
    // Prefetched jobs never started: give them back at once.
    for (const job of this.#buffer.splice(0)) this.#pending.push({ job, outcome: { type: 'release', lease: job.lease }, detail: null })
    this.#signal()
    this.#stopping = (async () => {
      if (this.#running.size > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined
        await Promise.race([
          new Promise<void>((resolve) => this.#emptyWaiters.push(resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
        ])
        clearTimeout(timer)
        const reason = new ShutdownError(graceMs)
        for (const attempt of [...this.#running]) attempt.end({ type: 'release', reason }, reason)
      }
      await this.#loopDone
    })()
    return this.#stopping
  }

  #boot(mode: 'run' | 'drain'): void {
    this.#phase = 'running'
    this.#mode = mode
    this.#stopping = null
    this.#stopRequested = false
    this.#settleFailures = 0
    this.#claimNow = true
    this.#idle = false
    this.#idleMs = this.#settings.pollMinMs
    const { heartbeatMs, reclaimMs } = this.#settings
    this.#timers = [setInterval(() => void this.#heartbeat(), heartbeatMs), setInterval(() => void this.#reclaim(), reclaimMs)]
    if (mode === 'run') {
      this.#listen()
      this.#offerHandoff()
    }
    // Reclaim first so a restarted worker takes back what a dead one left behind.
    this.#loopDone = this.#reclaim()
      .then(() => this.#loop())
      .catch((error: unknown) => this.#report(error, 'worker loop crashed'))
      .then(() => this.#shutdown())
  }

  /** Subscribes to the store's wake-ups, when it has any: a new job is then claimed at once instead of at the next poll. */
  #listen(): void {
    if (!this.#store.notifier || this.#unlisten) return
    this.#unlisten = this.#store.notifier.listen((queue) => this.#onNotify(queue)).then(
      (unlisten) => {
        this.#listening = this.#store.capabilities.notify === 'native'
        return unlisten
      },
      (error: unknown) => {
        this.#report(error, 'notifier.listen failed; polling only')
        return undefined
      },
    )
  }

  /**
   * The idle poll interval after a claim that found `found` jobs. One that found some is followed
   * by a quick poll (`pollMs.min`): more may be waiting behind a claimer's locked rows. After an
   * empty one the interval doubles towards `pollMs.max`, or, with the database's own wake-ups
   * listened to (`notify: 'native'`, which announces every new ready job), goes straight there:
   * the polls are then only for jobs scheduled by others and notifications lost in a reconnect,
   * and the worker wakes for its own retries and waits when they fall due (`#wakeAt`). Doubling
   * from 5 ms cost ~8 empty claims per job for a trickle of one job a second.
   */
  #nextIdleMs(found: number): number {
    const { pollMinMs, pollMaxMs } = this.#settings
    if (found > 0) return pollMinMs
    return this.#listening ? pollMaxMs : Math.min(this.#idleMs * 2, pollMaxMs)
  }

  /**
   * After `batch` was settled: remembers when its retries and waits fall due (`#wakeAt`), and tells
   * whether a claim right away is worth its round trip (draining, or the settle freed work).
   */
  #afterSettle(batch: readonly Settling[]): boolean {
    this.#wakeAt(batch)
    return this.#mode === 'drain' || freesWork(batch, Date.now())
  }

  /** Remembers when the retries and waits of a settled batch fall due, so that the idle loop polls then. */
  #wakeAt(batch: readonly Settling[]): void {
    for (const { outcome } of batch) {
      if (outcome.type !== 'retry' && outcome.type !== 'wait') continue
      this.#due.push(outcome.runAt.getTime())
    }
    if (this.#due.length > 0) this.#due = this.#due.sort((a, b) => a - b).slice(0, DUE_TIMES_KEPT)
  }

  /**
   * The next poll: the poll timer, or the earliest retry or wait of ours not yet claimed for,
   * whichever comes first (in the past: at once). A claim going out serves every due time up to now.
   */
  #nextWakeAt(): number {
    return Math.min(this.#nextPollAt, this.#due[0] ?? Number.POSITIVE_INFINITY)
  }

  async #loop(): Promise<void> {
    for (;;) {
      if (this.#mode === 'drain' && this.#idle && this.#claims === 0) return
      if (this.#phase === 'running') this.#startBuffered()
      const { concurrency } = this.#settings
      const free = concurrency - this.#running.size - this.#handoffs
      // Jobs already on their way: buffered, or asked for by a claim in flight.
      const queued = this.#buffer.length + this.#reserved
      // With a prefetch the next claim goes out while the last round of the buffer still runs (and,
      // with two claims in flight, while the other claim travels), so round trips overlap the handlers.
      const lowWater = this.#prefetch > 0 ? Math.max(concurrency, concurrency + this.#prefetch - MAX_CLAIM) : 0
      const limit = Math.min(MAX_CLAIM, free + this.#prefetch - this.#reserved) - this.#buffer.length
      // An early claim must be worth a round trip: at least one job per slot.
      const worth = queued === 0 ? limit > 0 && free > 0 : limit >= concurrency
      const claiming =
        this.#phase === 'running' && this.#claimNow && this.#claims < this.#maxClaims && performance.now() >= this.#claimPausedUntil && worth && queued <= lowWater
      // With the store's settleAndClaim a turn that has outcomes and free slots costs one commit;
      // otherwise the settle runs beside the next claim, so the turn costs the slower of two.
      const fold = claiming && this.#fold !== undefined && this.#pending.length > 0 && !this.#settling
      // While a prefetched batch still runs, or a claim is in flight, its outcomes wait (20 ms at most) for the commit that claims the next.
      const holdBack =
        this.#phase === 'running' &&
        this.#fold !== undefined &&
        this.#prefetch > 0 &&
        (this.#buffer.length > 0 || this.#running.size > 0 || this.#claims > 0) &&
        performance.now() < this.#settleBy
      if (!fold && !holdBack && this.#pending.length > 0 && !this.#settling) this.#settling = this.#settlePending()
      if (this.#phase !== 'running') {
        if (this.#running.size === 0 && this.#pending.length === 0 && !this.#settling && this.#claims === 0 && this.#handoffs === 0) return
        await this.#waitForSignal(null)
        continue
      }
      if (claiming) {
        const now = Date.now()
        while (this.#due.length > 0 && (this.#due[0] as number) <= now) this.#due.shift()
        // After a full batch a backlog is likely: a second claim may go out while this one travels.
        this.#claimNow = this.#backlog && this.#claims + 1 < this.#maxClaims
        const batch = fold ? this.#pending : null
        if (batch) this.#takePending()
        void this.#claim(limit, batch)
        continue // another claim may go out at once, and anything finished meanwhile is settled
      }
      let timeout = this.#claimNow || this.#mode === 'drain' ? null : Math.max(0, this.#nextWakeAt() - Date.now())
      if (this.#claimNow && this.#claimPausedUntil > performance.now()) timeout = this.#claimPausedUntil - performance.now()
      if (holdBack && this.#pending.length > 0) timeout = Math.max(0, Math.min(timeout ?? Number.POSITIVE_INFINITY, this.#settleBy - performance.now()))
      // An endless timeout is a wait for the signal (setTimeout would take it as 1 ms).
      await this.#waitForSignal(timeout !== null && Number.isFinite(timeout) ? timeout : null)
    }
  }

  /**
   * One claim (or settleAndClaim of `batch`) in flight; the loop goes on meanwhile. Its `limit`
   * stays reserved until the jobs arrive, so two claims in flight never ask for more than the
   * slots and the prefetch hold. A failed call keeps the outcomes and pauses claims (50 ms
   * doubling to 5 s).
   */
  async #claim(limit: number, batch: Settling[] | null): Promise<void> {
    this.#claims++
    this.#reserved += limit
    const claim: ClaimParams = {
      workerId: this.id,
      limit,
      leaseMs: this.#settings.leaseMs,
      ...(this.#settings.queues ? { queues: this.#settings.queues } : {}),
      ...(this.#settings.priority ? { priority: this.#settings.priority } : {}),
    }
    let jobs: LeasedJob[] | null = null
    try {
      if (batch && this.#fold) {
        const done = await this.#fold({ outcomes: batch.map((s) => s.outcome), claim })
        emitSettled(batch, done.settled, this.#emitter, this.#logger)
        const freed = this.#afterSettle(batch)
        jobs = done.claimed
        // What the settle made claimable (the next job of a serial group) may need one more claim.
        if (jobs.length < limit && freed) this.#claimNow = true
      } else jobs = await this.#store.claim(claim)
      this.#claimPauseMs = ERROR_PAUSE_MIN_MS
    } catch (error) {
      if (batch) this.#handBack(batch)
      this.#report(error, batch ? `store.settleAndClaim of ${batch.length} outcomes failed; keeping them and retrying` : 'store.claim failed; retrying')
      this.#claimNow = true
      this.#claimPausedUntil = performance.now() + this.#claimPauseMs
      this.#claimPauseMs = Math.min(this.#claimPauseMs * 2, ERROR_PAUSE_MAX_MS)
    }
    this.#claims--
    this.#reserved -= limit
    if (jobs !== null) {
      this.#sizePrefetch(jobs.length === limit)
      this.#afterClaim(jobs, limit)
    }
    // On the next macrotask, so the loop sees the outcomes of handlers that finished at once.
    this.#wakeSoon()
  }

  /**
   * Sizes the prefetch after a claim: a buffered job waits about prefetch / concurrency handler
   * runs, so the prefetch is held to what the slots get through in PREFETCH_WINDOW_MS at the
   * recent mean run time, doubling per full claim up to MAX_CLAIM. No-op handlers (well under a
   * millisecond) reach the full 100 per claim; handlers of 50 ms at concurrency 2 get none, so slow
   * handlers never hold jobs other workers could run.
   */
  #sizePrefetch(full: boolean): void {
    const room = Math.max(0, MAX_CLAIM * this.#maxClaims - this.#settings.concurrency)
    const fits = this.#runMs === null ? 0 : Math.floor((PREFETCH_WINDOW_MS * this.#settings.concurrency) / Math.max(this.#runMs, 0.001))
    const cap = Math.min(room, fits)
    this.#prefetch = Math.min(cap, full ? Math.max(this.#settings.concurrency, this.#prefetch * 2) : this.#prefetch)
  }

  /** Starts buffered jobs in the free slots. */
  #startBuffered(): void {
    while (this.#buffer.length > 0 && this.#running.size < this.#settings.concurrency) this.#begin(this.#buffer.shift() as LeasedJob)
  }

  /** Empties the pending list (its outcomes go into the call being made). */
  #takePending(): void {
    this.#pending = []
    this.#settleBy = Number.POSITIVE_INFINITY
  }

  /** One settle of everything pending; on a store error the outcomes stay pending and the next try waits (50 ms doubling to 5 s). */
  async #settlePending(): Promise<void> {
    const batch = this.#pending
    if (await this.#flush()) {
      this.#settlePauseMs = ERROR_PAUSE_MIN_MS
      this.#settleFailures = 0
      // A settle can make jobs claimable (the next job of a serial group, a released job): claim right after it.
      if (this.#afterSettle(batch)) this.#claimNow = true
    } else if (this.#phase === 'stopping' && ++this.#settleFailures >= STOP_SETTLE_TRIES) {
      this.#logger.error({ workerId: this.id, jobs: this.#pending.map((s) => s.job.id) }, 'giving up settling on stop; these jobs re-run after their leases expire')
      this.#pending = []
    } else {
      await sleep(this.#settlePauseMs)
      this.#settlePauseMs = Math.min(this.#settlePauseMs * 2, ERROR_PAUSE_MAX_MS)
    }
    this.#settling = null
    this.#signal()
  }

  #afterClaim(jobs: LeasedJob[], limit: number): void {
    if (this.#phase !== 'running') {
      // stop() began while the claim was in flight: hand these straight back.
      for (const job of jobs) this.#pending.push({ job, outcome: { type: 'release', lease: job.lease }, detail: null })
      return
    }
    for (const job of jobs) {
      if (this.#running.size < this.#settings.concurrency) this.#begin(job)
      else this.#buffer.push(job)
    }
    this.#backlog = jobs.length === limit
    if (this.#backlog) this.#claimNow = true // a full batch: more are probably waiting
    this.#idleMs = this.#nextIdleMs(jobs.length)
    this.#nextPollAt = Date.now() + this.#idleMs
    if (jobs.length === 0 && this.#running.size === 0 && this.#buffer.length === 0 && this.#pending.length === 0 && !this.#settling && this.#claims === 0) {
      const wasBusy = !this.#idle
      this.#idle = true
      if (wasBusy || this.#drainWaiters.length > 0) this.#emitter.emit('drained')
      // In drain mode the loop ends now and #shutdown resolves the waiters once the worker has stopped.
      if (this.#mode === 'run') for (const resolve of this.#drainWaiters.splice(0)) resolve()
    }
  }

  /**
   * A slot for a job `queue.add` is about to insert, when this worker would take it now: running
   * and idle (nothing running, buffered, handed off or waiting to be settled, no claim in flight
   * or due, so nothing it knows of waits before the job), and the job's queue, priority and name
   * its own. Once work is under way the claim path is the cheaper one: a claim takes every job
   * that is waiting and carries the settle of the last ones in its commit, where a handed-off job
   * is settled on its own. Claims count the slot as taken until the insert settles it (`accept`
   * or `cancel`).
   */
  #reserveHandoff(job: NewJob): HandoffSlot | null {
    const { queues, priority, leaseMs } = this.#settings
    if (this.#phase !== 'running' || this.#mode !== 'run' || this.#claimNow || this.#claims > 0 || this.#backlog || this.#buffer.length > 0) return null
    if (this.#running.size > 0 || this.#handoffs > 0 || this.#pending.length > 0 || this.#settling !== null || !this.#handlers[job.name]) return null
    if (queues && !queues.includes(job.queue)) return null
    if (priority && ((priority.min !== undefined && job.priority < priority.min) || (priority.max !== undefined && job.priority > priority.max))) return null
    this.#handoffs++
    let open = true
    const close = (): boolean => {
      if (!open) return false
      open = false
      this.#handoffs--
      return true
    }
    return {
      workerId: this.id,
      leaseMs,
      accept: (leased) => {
        if (close()) this.#afterHandoff(leased)
      },
      cancel: () => {
        if (close()) this.#signal()
      },
    }
  }

  /** A job handed off by `queue.add` arrived leased: run it, or give it back when stop() began meanwhile. */
  #afterHandoff(job: LeasedJob): void {
    if (this.#phase !== 'running') this.#pending.push({ job, outcome: { type: 'release', lease: job.lease }, detail: null })
    else if (this.#running.size < this.#settings.concurrency) this.#begin(job)
    else this.#buffer.unshift(job)
    this.#signal()
  }

  #offerHandoff(): void {
    if (this.#settings.handoff && this.#withdraw === null) this.#withdraw = offerHandoff(this.#store, { reserve: (job) => this.#reserveHandoff(job) })
  }

  #endHandoff(): void {
    this.#withdraw?.()
    this.#withdraw = null
  }

  #begin(job: LeasedJob): void {
    const attempt = new Attempt(job, job.timeoutMs ?? this.#settings.timeoutMs, this.#onAttemptEnd)
    this.#running.add(attempt)
    this.#idle = false
    this.#emitter.emit('active', job)
    const handler = this.#handlers[job.name]
    if (!handler) {
      const known = Object.keys(this.#handlers).join(', ') || 'none'
      attempt.end({ type: 'error', error: new PermanentError(`no handler for job name "${job.name}" on worker ${this.id} (handlers: ${known})`) })
      return
    }
    void attempt.execute(handler, this.#hooks, new AttemptContext(attempt, this.#store, this.#logger))
  }

  readonly #onAttemptEnd = (attempt: Attempt, end: AttemptEnd): void => {
    const { job } = attempt
    switch (end.type) {
      case 'complete':
        this.#finish(attempt, { type: 'complete', lease: job.lease, result: end.result, stats: runStats(attempt.startedAt, attempt.memoryBefore) }, end.result)
        return
      case 'error':
        void this.#fail(attempt, end.error)
        return
      case 'release':
        this.#finish(attempt, { type: 'release', lease: job.lease, error: errorText(end.reason) }, null)
        return
      case 'lost':
        this.#logger.warn({ jobId: job.id, jobName: job.name, workerId: this.id }, 'lease lost (cancelled or reclaimed); handler aborted')
        this.#emitter.emit('lost', job)
        this.#release(attempt)
        return
    }
  }

  async #fail(attempt: Attempt, thrown: unknown): Promise<void> {
    const { job } = attempt
    let error = thrown
    if (this.#options.onError) {
      try {
        await this.#options.onError(error, job)
      } catch (replaced) {
        error = replaced
      }
    }
    const { verdict, stop } = judgeFailure(error, job)
    const stats = runStats(attempt.startedAt, attempt.memoryBefore)
    // A wait is no failure: store its reason, not a stack.
    const text = verdict.type === 'wait' && verdict.error instanceof Error ? verdict.error.message : errorText(verdict.error)
    this.#finish(attempt, outcomeOf(verdict, job, text, stats), verdict.error)
    if (verdict.type !== 'wait' && job.attempts === this.#options.notifyAfterAttempts) void this.#notifyAttempts(job, verdict.error)
    this.#logger[verdict.type === 'fail' ? 'warn' : 'info']({ jobId: job.id, jobName: job.name, attempt: job.attempts, outcome: verdict.type, err: text }, FAILURE_MESSAGES[verdict.type])
    if (stop && !this.#stopRequested) {
      this.#stopRequested = true
      this.#logger.warn({ workerId: this.id, jobId: job.id }, 'StopWorkerError: stopping the worker')
      void this.stop()
    }
  }

  #finish(attempt: Attempt, outcome: Outcome, detail: unknown): void {
    const ranMs = performance.now() - attempt.startedAt
    this.#runMs = this.#runMs === null ? ranMs : this.#runMs * 0.8 + ranMs * 0.2
    if (this.#pending.length === 0) this.#settleBy = performance.now() + SETTLE_DELAY_MS
    this.#pending.push({ job: attempt.job, outcome, detail })
    this.#release(attempt)
  }

  /** Frees the attempt's slot and wakes the loop once per macrotask, so outcomes that finish together settle in one call. */
  #release(attempt: Attempt): void {
    this.#running.delete(attempt)
    // The next prefetched job takes the slot now, not at the loop's next turn (which may be awaiting a claim).
    if (this.#phase === 'running' && this.#buffer.length > 0) this.#begin(this.#buffer.shift() as LeasedJob)
    if (this.#running.size === 0) for (const resolve of this.#emptyWaiters.splice(0)) resolve()
    if (this.#mode === 'drain') this.#claimNow = true
    this.#wakeSoon()
  }

  /** Wakes the loop once per macrotask, however many times it is asked to. */
  #wakeSoon(): void {
    if (this.#wakeScheduled) return
    this.#wakeScheduled = true
    setImmediate(() => {
      this.#wakeScheduled = false
      this.#signal()
    })
  }

  /**
   * Puts the outcomes of a failed settle (or settleAndClaim) back in front of the pending ones, with
   * a settle deadline again: `#takePending` had cleared it, and without one they were held back
   * for as long as the worker stayed busy, the loop waiting on `setTimeout(Infinity)` (1 ms each
   * turn, and a TimeoutOverflowWarning on stderr).
   */
  #handBack(batch: Settling[]): void {
    this.#pending = batch.concat(this.#pending)
    this.#settleBy = Math.min(this.#settleBy, performance.now() + SETTLE_DELAY_MS)
  }

  /** Settles every pending outcome in one call; false (outcomes kept for the next try) when the store failed. */
  async #flush(): Promise<boolean> {
    const batch = this.#pending
    this.#takePending()
    try {
      await settleBatch(this.#store, batch, this.#emitter, this.#logger)
      return true
    } catch (error) {
      this.#handBack(batch)
      this.#report(error, `store.settle of ${batch.length} outcomes failed; keeping them and retrying`)
      return false
    }
  }

  async #heartbeat(): Promise<void> {
    if (this.#renewing || (this.#running.size === 0 && this.#pending.length === 0 && this.#buffer.length === 0)) return
    this.#renewing = true
    try {
      const lost = await leaseRenewal(this.#store, this.#running, this.#pending, this.#settings.leaseMs, this.#buffer)
      for (const attempt of lost.attempts) attempt.end({ type: 'lost' }, new LeaseLostError(attempt.job.id))
      if (lost.buffered.length > 0) {
        const gone = new Set(lost.buffered)
        this.#buffer = this.#buffer.filter((job) => !gone.has(job))
        for (const job of lost.buffered) this.#emitter.emit('lost', job)
      }
    } catch (error) {
      this.#report(error, 'store.renewLeases failed; retrying at the next heartbeat')
    } finally {
      this.#renewing = false
    }
  }

  async #reclaim(): Promise<void> {
    if (this.#reclaiming) return
    this.#reclaiming = true
    try {
      let count = 0
      let batch: number
      do {
        batch = await this.#store.reclaimExpired({ limit: RECLAIM_LIMIT })
        count += batch
      } while (batch === RECLAIM_LIMIT && this.#phase !== 'stopped')
      if (count > 0) {
        this.#logger.info({ workerId: this.id, count }, 'reclaimed jobs with expired leases')
        this.#claimNow = true
        this.#signal()
      }
    } catch (error) {
      this.#report(error, 'store.reclaimExpired failed')
    } finally {
      this.#reclaiming = false
    }
  }

  #onNotify(queue: string): void {
    const { queues } = this.#settings
    // '': no queue in particular (a notifier that may have missed some, after a reconnect).
    if (queues && queue !== '' && !queues.includes(queue)) return
    this.#claimNow = true
    this.#signal()
  }

  async #notifyAttempts(job: LeasedJob, error: unknown): Promise<void> {
    try {
      if (this.#options.onNotify) await this.#options.onNotify(job, error)
      else this.#logger.error({ jobId: job.id, jobName: job.name, attempts: job.attempts, err: errorText(error) }, `job failed ${job.attempts} times`)
    } catch (thrown) {
      this.#report(thrown, 'onNotify threw', job)
    }
  }

  async #shutdown(): Promise<void> {
    this.#endHandoff()
    for (const timer of this.#timers) clearInterval(timer)
    this.#timers = []
    const unlisten = await this.#unlisten
    this.#unlisten = null
    this.#listening = false
    if (unlisten) await unlisten().catch((error: unknown) => this.#report(error, 'notifier unsubscribe failed'))
    for (const resolve of this.#drainWaiters.splice(0)) resolve()
    this.#phase = 'stopped'
    this.#emitter.emit('stopped')
  }

  async #waitForSignal(timeoutMs: number | null): Promise<void> {
    // The idle poll timer firing is a reason to claim.
    if (await this.#wakeup.wait(timeoutMs)) this.#claimNow = true
  }

  #signal(): void {
    this.#wakeup.signal()
  }

  #report(error: unknown, message: string, job?: LeasedJob): void {
    this.#logger.error({ workerId: this.id, err: errorText(error), ...(job ? { jobId: job.id } : {}) }, message)
    this.#emitter.emit('error', error, job)
  }
}

function outcomeOf(verdict: FailureVerdict, job: LeasedJob, error: string, stats: ReturnType<typeof runStats>): Outcome {
  if (verdict.type === 'retry') return { type: 'retry', lease: job.lease, error, runAt: verdict.runAt, stats }
  if (verdict.type === 'wait') return { type: 'wait', lease: job.lease, error, runAt: verdict.runAt, stats }
  return { type: 'fail', lease: job.lease, error, stats }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
