/**
 * Prometheus metrics: job gauges by state and queue (read from `counts()` at scrape time) and
 * counters plus a duration histogram fed by worker events.
 */
import type { Job, JobCounts, Worker, WorkerEventName } from '@queue/core'

/** Histogram buckets in seconds: 5 ms (an in-memory job) to 5 min (a slow export). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const

/** What `observe` needs of a core Worker (of any task map): its `on` and `off`. */
export interface WorkerEventSource {
  on: Worker['on']
  off?: Worker['off']
}

/** The part of a job the metrics look at. */
type JobLike = Pick<Job, 'queue' | 'name'> & Partial<Pick<Job, 'stats' | 'startedAt' | 'finishedAt'>>

/** Counters and a histogram, rendered with the job gauges at `GET /metrics`. */
export interface Metrics {
  /** Subscribes to a worker's `completed`, `failed` and `retry` events; returns an unsubscribe function. */
  observe(worker: WorkerEventSource): () => void
  /** Counts a completed job and records its duration. */
  recordCompleted(job: JobLike, durationMs?: number): void
  /** Counts a permanently failed job (and its duration). */
  recordFailed(job: JobLike, durationMs?: number): void
  /** Counts an attempt that failed temporarily and will be retried. */
  recordRetry(job: JobLike, durationMs?: number): void
  /** The Prometheus text exposition of the counters, plus gauges for the given counts. */
  render(gauges?: readonly { queue: string; counts: JobCounts }[]): string
}

interface Series {
  queue: string
  name: string
  processed: number
  failed: number
  retried: number
  buckets: number[]
  sum: number
  count: number
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([key, value]) => `${key}="${escapeLabel(value)}"`)
    .join(',')}}`
}

/** Finds the job among an event's arguments: `(job, ...)` or `({ job, ... })`. */
function jobOf(args: unknown[]): JobLike | null {
  for (const arg of args) {
    if (typeof arg !== 'object' || arg === null) continue
    const candidate = 'queue' in arg && 'name' in arg ? arg : (arg as { job?: unknown }).job
    if (typeof candidate === 'object' && candidate !== null && 'queue' in candidate && 'name' in candidate) {
      return candidate as JobLike
    }
  }
  return null
}

function durationOf(job: JobLike, args: unknown[]): number | undefined {
  if (typeof job.stats?.durationMs === 'number') return job.stats.durationMs
  for (const arg of args) {
    if (typeof arg === 'object' && arg !== null && typeof (arg as { durationMs?: unknown }).durationMs === 'number') {
      return (arg as { durationMs: number }).durationMs
    }
  }
  if (job.startedAt instanceof Date && job.finishedAt instanceof Date) return job.finishedAt.getTime() - job.startedAt.getTime()
  return undefined
}

/** Creates an empty metrics registry. */
export function createMetrics(): Metrics {
  const series = new Map<string, Series>()

  function get(job: JobLike): Series {
    const key = `${job.queue}\u0000${job.name}`
    let entry = series.get(key)
    if (entry === undefined) {
      entry = { queue: job.queue, name: job.name, processed: 0, failed: 0, retried: 0, buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 }
      series.set(key, entry)
    }
    return entry
  }

  function observeDuration(entry: Series, durationMs: number | undefined): void {
    if (durationMs === undefined || !Number.isFinite(durationMs) || durationMs < 0) return
    const seconds = durationMs / 1000
    DURATION_BUCKETS.forEach((le, i) => {
      if (seconds <= le) entry.buckets[i] = (entry.buckets[i] as number) + 1
    })
    entry.sum += seconds
    entry.count += 1
  }

  const metrics: Metrics = {
    recordCompleted(job, durationMs) {
      const entry = get(job)
      entry.processed += 1
      observeDuration(entry, durationMs)
    },
    recordFailed(job, durationMs) {
      const entry = get(job)
      entry.failed += 1
      observeDuration(entry, durationMs)
    },
    recordRetry(job, durationMs) {
      const entry = get(job)
      entry.retried += 1
      observeDuration(entry, durationMs)
    },
    observe(worker) {
      const listeners: [WorkerEventName, (...args: unknown[]) => void][] = []
      // Start times by job id, from `active`: the claimed job an event carries has no stats yet.
      const started = new Map<string, number>()
      const on = (event: WorkerEventName, record: ((job: JobLike, durationMs?: number) => void) | null): void => {
        const listener = (...args: unknown[]): void => {
          const job = jobOf(args)
          if (job === null) return
          const id = (job as { id?: unknown }).id
          const key = typeof id === 'string' ? id : undefined
          if (event === 'active') {
            if (key !== undefined) started.set(key, performance.now())
            return
          }
          const start = key === undefined ? undefined : started.get(key)
          if (key !== undefined) started.delete(key)
          record?.(job, start === undefined ? durationOf(job, args) : performance.now() - start)
        }
        worker.on(event, listener)
        listeners.push([event, listener])
      }
      on('active', null)
      on('completed', metrics.recordCompleted)
      on('failed', metrics.recordFailed)
      on('retry', metrics.recordRetry)
      on('waiting', null)
      on('released', null)
      on('lost', null)
      return () => {
        for (const [event, listener] of listeners) worker.off?.(event, listener)
      }
    },
    render(gauges = []) {
      const lines: string[] = []
      lines.push('# HELP queue_jobs Jobs by queue and state.', '# TYPE queue_jobs gauge')
      for (const { queue, counts } of gauges) {
        for (const [state, count] of Object.entries(counts)) lines.push(`queue_jobs${labels({ queue, state })} ${count}`)
      }
      const all = [...series.values()]
      const counter = (metric: string, help: string, pick: (entry: Series) => number): void => {
        lines.push(`# HELP ${metric} ${help}`, `# TYPE ${metric} counter`)
        for (const entry of all) lines.push(`${metric}${labels({ queue: entry.queue, name: entry.name })} ${pick(entry)}`)
      }
      counter('queue_jobs_processed_total', 'Jobs completed by the observed workers.', (entry) => entry.processed)
      counter('queue_jobs_failed_total', 'Jobs failed permanently in the observed workers.', (entry) => entry.failed)
      counter('queue_jobs_retried_total', 'Attempts that failed temporarily and were scheduled again.', (entry) => entry.retried)
      lines.push('# HELP queue_job_duration_seconds How long handlers ran.', '# TYPE queue_job_duration_seconds histogram')
      for (const entry of all) {
        const base = { queue: entry.queue, name: entry.name }
        DURATION_BUCKETS.forEach((le, i) => {
          lines.push(`queue_job_duration_seconds_bucket${labels({ ...base, le: String(le) })} ${entry.buckets[i]}`)
        })
        lines.push(`queue_job_duration_seconds_bucket${labels({ ...base, le: '+Inf' })} ${entry.count}`)
        lines.push(`queue_job_duration_seconds_sum${labels(base)} ${entry.sum}`)
        lines.push(`queue_job_duration_seconds_count${labels(base)} ${entry.count}`)
      }
      return `${lines.join('\n')}\n`
    },
  }
  return metrics
}
