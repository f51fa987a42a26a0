/** Validation of the REST API's job fields; every error names its field (`jobs[2].priority`). */
import type { Backoff, JobState } from '@queue/core'
import { isRecord } from '../handler/body.js'
import { HttpError, invalidField } from '../handler/respond.js'
import { FieldError, parseCommandPayload } from '../commands/spec.js'
import type { AddManyItem, AddOptions } from '../queue-api.js'

/** The most jobs one `POST /api/v1/jobs` may create. */
export const MAX_BATCH = 1000
/** Job states accepted by the `state` filter. */
export const STATES: readonly JobState[] = ['scheduled', 'ready', 'active', 'waiting', 'retry', 'completed', 'failed', 'cancelled']

const JOB_FIELDS = new Set(['name', 'payload', 'queue', 'priority', 'runAt', 'delayMs', 'groupKey', 'uniqueKey', 'maxAttempts', 'backoff', 'timeoutMs'])
const MAX_KEY_LENGTH = 255

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw invalidField(field, 'must be a non-empty string')
  if (value.length > MAX_KEY_LENGTH) throw invalidField(field, `must be at most ${MAX_KEY_LENGTH} characters`)
  return value
}

function integer(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw invalidField(field, `must be an integer >= ${min}`)
  return value
}

/** Validates a seed-001 style `priority` (any safe integer, negative allowed). */
export function priorityField(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidField(field, 'must be an integer')
  return value
}

function runAtField(value: unknown, field: string): Date {
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : null
  if (date === null || Number.isNaN(date.getTime())) throw invalidField(field, 'must be an ISO 8601 date string or epoch milliseconds')
  return date
}

function backoffField(value: unknown, field: string): Backoff {
  if (!isRecord(value)) throw invalidField(field, 'must be an object with type "exponential" or "fixed"')
  if (value.type === 'fixed') return { type: 'fixed', delayMs: integer(value.delayMs, `${field}.delayMs`, 0) }
  if (value.type === 'exponential') {
    const backoff: Backoff = {
      type: 'exponential',
      baseMs: integer(value.baseMs, `${field}.baseMs`, 1),
      maxMs: integer(value.maxMs, `${field}.maxMs`, 1),
    }
    if (value.jitter !== undefined) {
      if (typeof value.jitter !== 'boolean') throw invalidField(`${field}.jitter`, 'must be a boolean')
      backoff.jitter = value.jitter
    }
    return backoff
  }
  throw invalidField(`${field}.type`, 'must be "exponential" or "fixed"')
}

/** Validates one job of a create request. */
export function parseNewJob(value: unknown, field: string): AddManyItem {
  if (!isRecord(value)) throw invalidField(field || 'body', 'must be an object with a name')
  const prefix = field === '' ? '' : `${field}.`
  for (const key of Object.keys(value)) {
    if (!JOB_FIELDS.has(key)) throw invalidField(`${prefix}${key}`, 'is not a known job field')
  }
  const name = text(value.name, `${prefix}name`)
  const payload = value.payload === undefined ? null : value.payload
  if (name === 'http' || name === 'exec') {
    try {
      parseCommandPayload(payload)
    } catch (error) {
      if (error instanceof FieldError) throw invalidField(`${prefix}payload.${error.field}`, error.problem)
      throw error
    }
  }
  const options: AddOptions = {}
  if (value.queue !== undefined) options.queue = text(value.queue, `${prefix}queue`)
  if (value.priority !== undefined) options.priority = priorityField(value.priority, `${prefix}priority`)
  if (value.runAt !== undefined && value.delayMs !== undefined) throw invalidField(`${prefix}delayMs`, 'cannot be combined with runAt')
  if (value.runAt !== undefined) options.runAt = runAtField(value.runAt, `${prefix}runAt`)
  if (value.delayMs !== undefined) options.delayMs = integer(value.delayMs, `${prefix}delayMs`, 0)
  if (value.groupKey !== undefined && value.groupKey !== null) options.groupKey = text(value.groupKey, `${prefix}groupKey`)
  if (value.uniqueKey !== undefined && value.uniqueKey !== null) options.uniqueKey = text(value.uniqueKey, `${prefix}uniqueKey`)
  if (value.maxAttempts !== undefined) options.maxAttempts = integer(value.maxAttempts, `${prefix}maxAttempts`, 1)
  if (value.backoff !== undefined) options.backoff = backoffField(value.backoff, `${prefix}backoff`)
  if (value.timeoutMs !== undefined && value.timeoutMs !== null) options.timeoutMs = integer(value.timeoutMs, `${prefix}timeoutMs`, 1)
  return { name, payload, options }
}

/** Validates a create body: one job, or `{ jobs: [...] }`. */
export function parseCreateBody(body: Record<string, unknown>): { batch: boolean; items: AddManyItem[] } {
  if (!('jobs' in body)) return { batch: false, items: [parseNewJob(body, '')] }
  const jobs = body.jobs
  if (Object.keys(body).length !== 1) throw invalidField('jobs', 'must be the only field of a batch body')
  if (!Array.isArray(jobs) || jobs.length === 0) throw invalidField('jobs', 'must be a non-empty array')
  if (jobs.length > MAX_BATCH) throw invalidField('jobs', `must hold at most ${MAX_BATCH} jobs`)
  return { batch: true, items: jobs.map((job, i) => parseNewJob(job, `jobs[${i}]`)) }
}

/** Validates the query of `GET /api/v1/jobs`. */
export function parseListQuery(query: URLSearchParams): { state?: JobState; queue?: string; name?: string; limit?: number; cursor?: string } {
  const params: { state?: JobState; queue?: string; name?: string; limit?: number; cursor?: string } = {}
  for (const key of query.keys()) {
    if (!['state', 'queue', 'name', 'limit', 'cursor'].includes(key)) throw invalidField(key, 'is not a known query parameter (state, queue, name, limit, cursor)')
  }
  const state = query.get('state')
  if (state !== null) {
    if (!STATES.includes(state as JobState)) throw invalidField('state', `must be one of ${STATES.join(', ')}`)
    params.state = state as JobState
  }
  for (const key of ['queue', 'name', 'cursor'] as const) {
    const value = query.get(key)
    if (value === null) continue
    if (value === '') throw invalidField(key, 'must not be empty')
    params[key] = value
  }
  const limit = query.get('limit')
  if (limit !== null) {
    const n = Number(limit)
    if (!/^\d+$/.test(limit) || n < 1 || n > MAX_BATCH) throw invalidField('limit', `must be an integer from 1 to ${MAX_BATCH}`)
    params.limit = n
  }
  return params
}

/** A 404 for an unknown job id. */
export function jobNotFound(id: string): HttpError {
  return new HttpError(404, 'not_found', `job ${id} not found`)
}
