/**
 * The slice of `@queue/core`'s Queue and Worker that this package uses, typed structurally so that
 * any `Queue<Tasks>` (typed or not) is accepted without this package importing the class.
 */
import type { AddedJob, AddOptions, ChangeResult, Job, JobCounts, JobPage, JobStore, LeasedJob, ListOptions } from '@queue/core'

export type { AddedJob, AddOptions }

/** One entry of `queue.addMany`, untyped. */
export interface AddManyItem {
  name: string
  payload: unknown
  options?: AddOptions
}

/** What the HTTP API needs from a Queue: a `new Queue({ store })` from `@queue/core` fits. */
export interface QueueApi {
  readonly store: JobStore
  add(name: string, payload: unknown, options?: AddOptions): Promise<AddedJob>
  addMany(items: readonly AddManyItem[], batch?: { reusePayloads?: boolean }): Promise<AddedJob[]>
  get(id: string): Promise<Job | null>
  cancel(id: string): Promise<ChangeResult | null>
  retry(id: string): Promise<ChangeResult | null>
  remove(id: string): Promise<boolean>
  counts(options?: { queue?: string }): Promise<JobCounts>
  list(options?: ListOptions): Promise<JobPage>
}

/** What a command handler reads from the worker's job context (a core `JobContext` fits). */
export interface CommandContext {
  readonly signal: AbortSignal
  /** The job as claimed: `attempts` already counts the running attempt. */
  readonly job: LeasedJob
}

/** A job handler as a Worker runs it. */
export type CommandHandler = (payload: unknown, ctx: CommandContext) => Promise<unknown>
