import type { Backoff, Job, JobState, NewJob, Outcome, RunStats } from '@queue/core'

/** A nullable string as a script argument: '' for null, '=' + value otherwise ('' stays a value). */
export function opt(value: string | null | undefined): string {
  return value === null || value === undefined ? '' : `=${value}`
}

/** JSON text of a value exactly as a SQL json column would keep it (undefined becomes null). */
export function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null'
}

/** The 10 script arguments of one new job, in the order the insert script reads them. */
export function newJobArgs(job: NewJob): string[] {
  return [
    job.queue,
    job.name,
    json(job.payload),
    String(job.priority),
    String(job.runAt.getTime()),
    String(job.maxAttempts),
    json(job.backoff),
    job.timeoutMs === null ? '' : String(job.timeoutMs),
    opt(job.groupKey),
    opt(job.uniqueKey),
  ]
}

/** The payload and backoff texts in `newJobArgs`' arguments, for `insertedJob`. */
export function storedTexts(args: readonly string[]): { payload: string; backoff: string } {
  return { payload: args[2] as string, backoff: args[6] as string }
}

/** The 6 script arguments of one outcome, in the order the settle script reads them. */
export function outcomeArgs(outcome: Outcome): string[] {
  const { id, token } = outcome.lease
  const stats = 'stats' in outcome && outcome.stats !== undefined ? json(outcome.stats) : ''
  switch (outcome.type) {
    case 'complete':
      return ['complete', id, token, opt(json(outcome.result)), '', stats]
    case 'retry':
      return ['retry', id, token, opt(outcome.error), String(outcome.runAt.getTime()), stats]
    case 'wait':
      return ['wait', id, token, opt(outcome.error), String(outcome.runAt.getTime()), stats]
    case 'fail':
      return ['fail', id, token, opt(outcome.error), '', stats]
    case 'release':
      return ['release', id, token, opt(outcome.error), '', '']
  }
}

/** A job hash as HGETALL returns it through a script (field, value, field, value, ...). */
export type FlatHash = readonly string[]

/** Decodes a job hash; `token` stays inside (see `tokenOf`). */
export function decodeJob(id: string, flat: FlatHash): Job {
  const h = new Map<string, string>()
  for (let i = 0; i + 1 < flat.length; i += 2) h.set(flat[i] as string, flat[i + 1] as string)
  return decodeFields(id, h)
}

/** Decodes the object form HGETALL returns outside scripts. */
export function decodeRecord(id: string, record: Record<string, string>): Job {
  return decodeFields(id, new Map(Object.entries(record)))
}

function decodeFields(id: string, h: ReadonlyMap<string, string>): Job {
  const text = (field: string): string | null => h.get(field) ?? null
  const num = (field: string): number | null => {
    const value = h.get(field)
    return value === undefined ? null : Number(value)
  }
  const date = (field: string): Date | null => {
    const value = h.get(field)
    return value === undefined ? null : new Date(Number(value))
  }
  const parsed = (field: string): unknown => {
    const value = h.get(field)
    return value === undefined ? null : (JSON.parse(value) as unknown)
  }
  return {
    id,
    queue: text('queue') ?? '',
    name: text('name') ?? '',
    payload: parsed('payload'),
    state: (text('state') ?? 'ready') as JobState,
    priority: num('priority') ?? 0,
    attempts: num('attempts') ?? 0,
    maxAttempts: num('maxAttempts') ?? 1,
    backoff: parsed('backoff') as Backoff,
    timeoutMs: num('timeoutMs'),
    runAt: date('runAt') ?? new Date(0),
    groupKey: text('groupKey'),
    uniqueKey: text('uniqueKey'),
    result: parsed('result'),
    lastError: text('lastError'),
    progress: parsed('progress'),
    lockedBy: text('lockedBy'),
    lockedUntil: date('lockedUntil'),
    createdAt: date('createdAt') ?? new Date(0),
    startedAt: date('startedAt'),
    finishedAt: date('finishedAt'),
    stats: parsed('stats') as RunStats | null,
  }
}
