/**
 * The storage port: the one interface every store implements (memory, SQL dialects, ORMs, Redis).
 * `@queue/core/testing` is its executable specification.
 *
 * Conventions (after River's driver interface): every method takes one params object; every method
 * whose answer depends on the clock takes an optional `now` (tests inject time; stores default to
 * `new Date()`); times are stored with millisecond precision; a backend that lacks something says so
 * in `capabilities` instead of faking it.
 */
import type { FinishedState, Job, JobCounts, JobState, Lease, LeasedJob, NewJob, RunStats } from '../job/job.js'

/** What a store can and cannot do. */
export interface StoreCapabilities {
  /** How idle workers learn about new jobs: a database push, an in-process emitter, or polling only. */
  notify: 'native' | 'emulated' | 'none'
  /** True when `insert({ tx })` writes inside the caller's transaction. */
  transactionalEnqueue: boolean
  /**
   * True when two claims from one process run at once on separate connections (a pool) or
   * pipelined on one: the worker then keeps two claims in flight, so the database works on one
   * batch while the other travels or runs. Left out, one claim at a time (an embedded database
   * with one connection gains nothing from a second).
   */
  parallelClaims?: boolean
  /**
   * True when `insert({ lease })` stores its job leased to a worker, as a claim leaves it: the
   * in-process handoff of `queue.add` to an idle Worker of the same store object, which then runs
   * the job without a claim's round trip (`Worker` option `handoff`).
   */
  leasedInsert?: boolean
}

/** An inclusive priority range; an omitted bound is open (seed 002's `consume -p 20-40`, `-p 25-`). */
export interface PriorityRange {
  min?: number
  max?: number
}

export interface InsertParams {
  jobs: NewJob[]
  /** The caller's open transaction (store specific: pg client, EntityManager, Prisma tx, sqlite db). */
  tx?: unknown
  now?: Date
  /**
   * Each new job comes back with the input's own `payload` value instead of a copy as stored (a
   * JSON round trip, one parse per job), for callers that keep only ids (webhook intake). The
   * stored payload is the same either way; a duplicate returns the stored job as always.
   */
  reusePayloads?: boolean
  /**
   * Store the job leased to this worker (`capabilities.leasedInsert`): `active`, attempts 1,
   * `lockedBy`, `lockedUntil` = now + leaseMs, `startedAt` = now, exactly as `claim` leaves a job,
   * and renewed, settled and reclaimed like any claimed job. Only for one job that is due now and
   * has neither groupKey nor uniqueKey, outside a transaction: anything else is a TypeError.
   */
  lease?: InsertLease
}

/** The worker a leased insert hands its job to. */
export interface InsertLease {
  workerId: string
  leaseMs: number
}

/** One row per inserted job, in input order. `duplicate` when an unfinished job held its uniqueKey. */
export interface InsertResult {
  job: Job
  duplicate: boolean
  /** The job's lease, after `insert({ lease })`. */
  lease?: Lease
}

export interface ClaimParams {
  workerId: string
  /** Only these queues; all queues when omitted or empty. */
  queues?: readonly string[]
  priority?: PriorityRange
  /** The most jobs to lease in this one call. */
  limit: number
  leaseMs: number
  now?: Date
}

export interface RenewParams {
  leases: Lease[]
  leaseMs: number
  now?: Date
}

/** How an attempt ended. Every outcome is fenced by its lease: a stale token changes nothing. */
export type Outcome =
  | { type: 'complete'; lease: Lease; result: unknown; stats?: RunStats }
  /** A temporary failure: back to `retry`, claimable at `runAt`; the attempt counts. */
  | { type: 'retry'; lease: Lease; error: string; runAt: Date; stats?: RunStats }
  /** The handler asked to wait: `waiting` until `runAt`; the attempt does not count. */
  | { type: 'wait'; lease: Lease; runAt: Date; error?: string; stats?: RunStats }
  /** A permanent failure or attempts exhausted: `failed`. */
  | { type: 'fail'; lease: Lease; error: string; stats?: RunStats }
  /** Graceful shutdown gave the job back: `ready` at once; the attempt does not count. */
  | { type: 'release'; lease: Lease; error?: string }

export interface SettleParams {
  outcomes: Outcome[]
  now?: Date
}

/** One row per outcome, in input order. `ok: false` when the lease was no longer held. */
export interface SettleResult {
  id: string
  ok: boolean
}

/** The params of the optional `settleAndClaim`: a settle batch and the claim that follows it. */
export interface SettleAndClaimParams {
  outcomes: Outcome[]
  claim: ClaimParams
  /** Defaults to `claim.now`, then the store's clock. */
  now?: Date
}

/** The answer of `settleAndClaim`: `settle`'s answer (input order) and `claim`'s. */
export interface SettleAndClaimResult {
  settled: SettleResult[]
  claimed: LeasedJob[]
}

export interface ReclaimParams {
  /** The most jobs to reclaim in one call. */
  limit: number
  now?: Date
}

export interface ListParams {
  state?: JobState
  queue?: string
  name?: string
  /** Default 50. */
  limit?: number
  /** The `nextCursor` of the previous page. */
  cursor?: string
}

/** A page of jobs, newest first. */
export interface JobPage {
  jobs: Job[]
  nextCursor: string | null
}

export interface CountsParams {
  queue?: string
  now?: Date
}

/** One queue's counts, as `countsByQueue` lists them. */
export interface QueueCounts {
  queue: string
  counts: JobCounts
}

export interface PruneParams {
  /** Jobs finished before this time. */
  olderThan: Date
  /** Default: all finished states. */
  states?: readonly FinishedState[]
  /** Rows deleted per statement; the store loops until nothing is left. Default 1000. */
  batchSize?: number
}

export interface JobIdParams {
  id: string
  now?: Date
}

export interface ProgressParams {
  lease: Lease
  progress: unknown
}

/** The answer of `cancel` and `retry`: the job as it is now, and whether this call changed it. */
export interface ChangeResult {
  job: Job
  changed: boolean
}

/** The storage port. */
export interface JobStore {
  readonly capabilities: StoreCapabilities
  /** Wake-ups for idle workers, when the store offers them. */
  readonly notifier?: Notifier

  /** Creates or upgrades the schema; safe to call from many processes at once. */
  migrate(): Promise<void>
  /** Closes only what the store itself opened. */
  close(): Promise<void>

  /** Inserts a batch in one round trip. A uniqueKey held by an unfinished job returns that job. */
  insert(params: InsertParams): Promise<InsertResult[]>
  /**
   * Leases up to `limit` due jobs atomically: highest priority, then earliest runAt, then id;
   * honouring queues and priority range; a job with a groupKey only when it is the oldest unfinished
   * job of its group and no job of the group is active. Increments `attempts`, sets `startedAt`.
   */
  claim(params: ClaimParams): Promise<LeasedJob[]>
  /** Extends the leases still held; returns those (a cancelled or reclaimed job's lease is gone). */
  renewLeases(params: RenewParams): Promise<Lease[]>
  /** Applies a batch of outcomes, each fenced by its lease token. */
  settle(params: SettleParams): Promise<SettleResult[]>
  /**
   * Optional: `settle(outcomes)` then `claim(claim)` in one round trip / commit, with the same
   * fencing and claim rules as the two calls. The Worker uses it, when a store offers it, for the
   * loop turn that has outcomes to settle and free slots to fill (one commit per turn instead of
   * two). A job this call makes claimable (a released job, the next of a serial group) may be
   * claimed by this call or only by the next one.
   */
  settleAndClaim?(params: SettleAndClaimParams): Promise<SettleAndClaimResult>
  /** Stores a handler's progress; false when the lease is gone. */
  progress(params: ProgressParams): Promise<boolean>
  /**
   * Active jobs whose lease expired (their worker died) go back to `ready`, their attempt counted;
   * to `failed` when no attempt is left. Returns how many were moved.
   */
  reclaimExpired(params: ReclaimParams): Promise<number>

  get(params: JobIdParams): Promise<Job | null>
  list(params: ListParams): Promise<JobPage>
  /** Counts per state; a due scheduled/retry/waiting job counts as `ready`. */
  counts(params: CountsParams): Promise<JobCounts>
  /**
   * Optional: `counts` of every queue that holds jobs, sorted by name (as `queues()` sorts), read in
   * one pass. The dashboard's and `/metrics`' view, which `queues()` plus one `counts` per queue
   * reads in as many passes as there are queues, plus one. `Queue.countsByQueue` falls back to that.
   */
  countsByQueue?(params: { now?: Date }): Promise<QueueCounts[]>
  /** Any unfinished job -> `cancelled` (an active one loses its lease). Null for an unknown id. */
  cancel(params: JobIdParams): Promise<ChangeResult | null>
  /** A `failed` or `cancelled` job -> `ready` with a fresh attempt budget. Null for an unknown id. */
  retry(params: JobIdParams): Promise<ChangeResult | null>
  /** Deletes one job whatever its state. False for an unknown id. */
  remove(params: JobIdParams): Promise<boolean>
  /** Deletes finished jobs in bounded batches; returns how many. */
  prune(params: PruneParams): Promise<number>
  /** The distinct queue names that hold jobs. */
  queues(): Promise<string[]>
}

/** Wake-ups, separate from the store (after Oban's Notifier). */
export interface Notifier {
  /**
   * Calls `onWake(queue)` whenever jobs become ready in `queue`; `queue` is `''` when any queue may
   * have them (a notifier that reconnected and may have missed some). Resolves to an unsubscribe function.
   */
  listen(onWake: (queue: string) => void): Promise<() => Promise<void>>
  /** Tells listeners that `queue` has new jobs. Stores usually notify on insert themselves. */
  notify(queue: string): Promise<void>
}
