/**
 * The slice of `@queue/core`'s Queue and Worker that this package uses. Typed structurally so the
 * handler accepts the core Queue without importing its class at runtime.
 */
import type { Backoff, Job, JobCounts, JobPage, JobState, JobStore, ChangeResult } from '@queue/core'

/** Options of `queue.add`, as the HTTP API passes them through. */
export interface AddOptions {
  queue?: string
  priority?: number
  runAt?: Date
  delayMs?: number
  groupKey?: string
  uniqueKey?: string
  maxAttempts?: number
  backoff?: Backoff
  timeoutMs?: number
}

/** One entry of `queue.addMany`. */
export interface AddManyItem {
  name: string
  payload: unknown
  options?: AddOptions
}

/** A job returned by `add`, with `duplicate` when an unfinished job already held its uniqueKey. */
export type AddedJob = Job & { duplicate: boolean }

/** What the HTTP API needs from a Queue. */
export interface QueueApi {
  readonly store: JobStore
  add(name: string, payload: unknown, options?: AddOptions): Promise<AddedJob>
  addMany(items: AddManyItem[]): Promise<AddedJob[]>
  get(id: string): Promise<Job | null>
  cancel(id: string): Promise<ChangeResult | null>
  retry(id: string): Promise<ChangeResult | null>
  remove(id: string): Promise<boolean>
  counts(params?: { queue?: string }): Promise<JobCounts>
  list(params?: { state?: JobState; queue?: string; name?: string; limit?: number; cursor?: string }): Promise<JobPage>
}

/** What a command handler receives besides its payload. */
export interface CommandContext {
  signal: AbortSignal
  job: Job
}

/** A job handler as a Worker runs it. */
export type CommandHandler = (payload: unknown, ctx: CommandContext) => Promise<unknown>
