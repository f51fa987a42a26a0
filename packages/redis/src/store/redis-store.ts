import { randomBytes } from 'node:crypto'
import { emptyCounts, FINISHED_STATES, insertedJob, type JobStore, leasedInsertedJob, type NewJob, validateLeasedInsert, type LeasedJob, type QueueCounts, type StoreCapabilities, UNFINISHED_STATES } from '@queue/core'
import { Redis } from 'ioredis'
import { SCRIPTS } from '../scripts/index.js'
import { decodeJob, decodeRecord, newJobArgs, outcomeArgs, storedTexts, type FlatHash } from './codec.js'
import { RedisNotifier } from './notifier.js'
import { isJobId, RedisStoreClosedError, validateNewJob, validCount, validDate, validFinishedStates } from './validate.js'

/** Every state, in the order the counting scripts list them (their `STATES`). */
const STATES = [...UNFINISHED_STATES, ...FINISHED_STATES] as const

/** Where the store connects: a URL it opens (and closes), or a client the caller owns. */
export type RedisConnection = { url: string } | { client: Redis }

/** Options of `redisStore`. */
export interface RedisStoreOptions {
  /** Every key and the wake-up channel start with `<prefix>:`. Default `queue`. */
  prefix?: string
  /** The clock used when a call passes no `now`; default `() => new Date()`. */
  clock?: () => Date
}

/** The error recorded on a job whose worker stopped renewing its lease (the same text as memoryStore's). */
const LEASE_EXPIRED = 'lease expired'
const DEFAULT_PAGE = 50
const DEFAULT_PRUNE_BATCH = 1000
/** Index entries one list call may scan for filters its index does not cover. */
const LIST_SCAN_BUDGET = 20_000
/** Jobs per insert script call: one call blocks Redis, so 10,000 jobs split into a few ~10 ms calls. */
const INSERT_CHUNK = 2_000

type Row = [id: string, hash: FlatHash]

/**
 * A job store on Redis: one hash per job and sorted sets per queue, every read-modify-write a Lua
 * script (atomic on the server), every batch (insert, claim, settle) one script call. Wake-ups go
 * over pub/sub (`notify: 'native'`); there is no transaction to join (`transactionalEnqueue: false`).
 *
 * `close()` closes the connection only when the store opened it (`{ url }`); the subscriber
 * connection of the notifier is always its own.
 *
 * @example
 * const store = redisStore({ url: 'redis://127.0.0.1:6379' }, { prefix: 'myapp' })
 * const queue = new Queue({ store })
 */
export function redisStore(connection: RedisConnection, options: RedisStoreOptions = {}): JobStore {
  const prefix = options.prefix ?? 'queue'
  if (typeof prefix !== 'string' || prefix === '') throw new TypeError('redisStore prefix must be a non-empty string')
  const clock = options.clock ?? (() => new Date())
  const owned = 'url' in connection
  const redis = owned ? new Redis(connection.url) : connection.client
  if (!(redis instanceof Object) || typeof redis.evalsha !== 'function') throw new TypeError('redisStore needs { url } or { client: Redis }')
  // A connection the store opened is its own to watch: ioredis reconnects by itself, and every call
  // in flight when the connection failed rejects and reaches its caller (the Worker reports and
  // retries it). Without a listener ioredis prints "Unhandled error event" on each attempt. A client
  // the caller passed in keeps the caller's own handling.
  if (owned) redis.on('error', () => {})
  // ioredis prefixes key arguments with a client's keyPrefix (so KEYS[1] inside the scripts) but never
  // pub/sub channels: name the channel the way the scripts see it.
  const keyPrefix = (redis.options as { keyPrefix?: string } | undefined)?.keyPrefix ?? ''
  const notifier = new RedisNotifier(redis, `${keyPrefix}${prefix}:wake`)
  // Redis runs one script at a time, but a second claim pipelined behind the first saves its round trip.
  const capabilities: StoreCapabilities = { notify: 'native', transactionalEnqueue: false, parallelClaims: true, leasedInsert: true }
  let closed = false

  const open = (): void => {
    if (closed) throw new RedisStoreClosedError()
  }
  const ms = (now: Date | undefined): number => validDate(now ?? clock(), 'now').getTime()
  const run = (script: keyof typeof SCRIPTS, args: readonly (string | number)[]): Promise<unknown> => SCRIPTS[script].run(redis, prefix, args)

  return {
    capabilities,
    notifier,
    async migrate() {
      // Keys are created on first write; loading the scripts here saves the first calls a round trip.
      open()
      await Promise.all(Object.values(SCRIPTS).map((script) => redis.script('LOAD', script.source)))
    },
    async close() {
      if (closed) return
      closed = true
      await notifier.close()
      if (owned) await redis.quit().catch(() => redis.disconnect())
    },
    async insert(params) {
      const { jobs, tx, now, reusePayloads, lease } = params
      open()
      if (tx !== undefined) throw new TypeError('redisStore cannot enqueue inside a transaction (capabilities.transactionalEnqueue is false)')
      if (!Array.isArray(jobs)) throw new TypeError('insert jobs must be an array')
      jobs.forEach(validateNewJob)
      const at = ms(now)
      if (lease !== undefined) {
        const when = new Date(at)
        validateLeasedInsert(params, when)
        const job = jobs[0] as NewJob
        const args = newJobArgs(job)
        const tokenBase = randomBytes(16).toString('hex')
        const id = String(await run('insertLeased', [at, ...args, lease.workerId, lease.leaseMs, tokenBase]))
        const stored = insertedJob(id, job, when, storedTexts(args), reusePayloads === true)
        return [{ job: leasedInsertedJob(stored, lease, when), duplicate: false, lease: { id, token: `${tokenBase}:${id}` } }]
      }
      const results = []
      for (let start = 0; start < jobs.length; start += INSERT_CHUNK) {
        const chunk = jobs.slice(start, start + INSERT_CHUNK)
        const args = chunk.map(newJobArgs)
        const rows = (await run('insert', [at, chunk.length, ...args.flat()])) as [string, number, FlatHash?][]
        results.push(
          ...rows.map(([id, duplicate, hash], i) => {
            if (duplicate === 1) return { job: decodeJob(id, hash ?? []), duplicate: true }
            // The returned job is parsed from the texts just sent rather than serialised again.
            return { job: insertedJob(id, chunk[i]!, new Date(at), storedTexts(args[i]!), reusePayloads === true), duplicate: false }
          }),
        )
      }
      return results
    },
    async claim(params) {
      open()
      validCount(params.limit, 'claim limit')
      validCount(params.leaseMs, 'leaseMs')
      const at = ms(params.now)
      if (params.limit === 0) return []
      const { min, max } = params.priority ?? {}
      const queues = [...new Set(params.queues ?? [])]
      const tokenBase = randomBytes(16).toString('hex')
      const rows = (await run('claim', [
        at,
        params.workerId,
        params.leaseMs,
        params.limit,
        tokenBase,
        max === undefined ? '-inf' : String(-max),
        min === undefined ? '+inf' : String(-min),
        ...queues,
      ])) as Row[]
      // The script returns each hash as it was before the claim: the lease fields are known here.
      const startedAt = new Date(at)
      return rows.map(([id, hash]): LeasedJob => {
        const job = decodeJob(id, hash)
        return {
          ...job,
          state: 'active',
          attempts: job.attempts + 1,
          lockedBy: params.workerId,
          lockedUntil: new Date(at + params.leaseMs),
          startedAt: new Date(startedAt.getTime()),
          lease: { id, token: `${tokenBase}:${id}` },
        }
      })
    },
    async renewLeases({ leases, leaseMs, now }) {
      open()
      validCount(leaseMs, 'leaseMs')
      const at = ms(now)
      const valid = leases.filter((lease) => isJobId(lease.id))
      if (valid.length === 0) return []
      const held = (await run('renew', [at, leaseMs, ...valid.flatMap((lease) => [lease.id, lease.token])])) as number[]
      return valid.filter((_, i) => held[i] === 1).map((lease) => ({ id: lease.id, token: lease.token }))
    },
    async settle({ outcomes, now }) {
      open()
      const at = ms(now)
      const valid = outcomes.filter((outcome) => isJobId(outcome.lease.id))
      for (const outcome of valid) {
        if ((outcome.type === 'retry' || outcome.type === 'wait') && !(outcome.runAt instanceof Date && !Number.isNaN(outcome.runAt.getTime()))) {
          throw new TypeError(`${outcome.type} outcome of job ${outcome.lease.id} needs a valid runAt`)
        }
      }
      const applied = valid.length === 0 ? [] : ((await run('settle', [at, ...valid.flatMap(outcomeArgs)])) as number[])
      const ok = new Map<object, boolean>(valid.map((outcome, i) => [outcome, applied[i] === 1]))
      return outcomes.map((outcome) => ({ id: outcome.lease.id, ok: ok.get(outcome) ?? false }))
    },
    async progress({ lease, progress }) {
      open()
      if (!isJobId(lease.id)) return false
      return (await run('progress', [lease.id, lease.token, JSON.stringify(progress) ?? 'null'])) === 1
    },
    async reclaimExpired({ limit, now }) {
      open()
      validCount(limit, 'reclaim limit')
      const at = ms(now)
      if (limit === 0) return 0
      return (await run('reclaim', [at, limit, LEASE_EXPIRED])) as number
    },
    async get({ id }) {
      open()
      if (!isJobId(id)) return null
      const record = await redis.hgetall(`${prefix}:job:${id}`)
      return Object.keys(record).length === 0 ? null : decodeRecord(id, record)
    },
    async list(params) {
      open()
      const limit = params.limit ?? DEFAULT_PAGE
      if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`list limit must be a positive integer, got ${limit}`)
      const cursor = params.cursor
      if (cursor !== undefined && !isJobId(cursor)) throw new RangeError(`invalid list cursor: ${cursor}`)
      const [next, ...rows] = (await run('list', [params.state ?? '', params.queue ?? '', params.name ?? '', cursor ?? '', limit, LIST_SCAN_BUDGET])) as [
        string,
        ...Row[],
      ]
      return { jobs: rows.map(([id, hash]) => decodeJob(id, hash)), nextCursor: next === '' ? null : next }
    },
    async counts(params) {
      open()
      const at = ms(params.now)
      const flat = (await run('counts', params.queue === undefined ? [at] : [at, params.queue])) as (string | number)[]
      const counts = {} as Record<string, number>
      for (let i = 0; i + 1 < flat.length; i += 2) counts[flat[i] as string] = Number(flat[i + 1])
      return counts as Awaited<ReturnType<JobStore['counts']>>
    },
    async countsByQueue(params) {
      open()
      const flat = (await run('countsByQueue', [ms(params.now)])) as (string | number)[]
      const byQueue: QueueCounts[] = []
      for (let i = 0; i + STATES.length < flat.length; i += STATES.length + 1) {
        const counts = emptyCounts()
        STATES.forEach((state, k) => (counts[state] = Number(flat[i + 1 + k])))
        byQueue.push({ queue: String(flat[i]), counts })
      }
      // Sorted here, as `queues()` sorts.
      return byQueue.sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0))
    },
    async cancel({ id, now }) {
      open()
      const at = ms(now)
      if (!isJobId(id)) return null
      const row = (await run('cancel', [id, at])) as [number, FlatHash] | null
      return row === null ? null : { changed: row[0] === 1, job: decodeJob(id, row[1]) }
    },
    async retry({ id, now }) {
      open()
      const at = ms(now)
      if (!isJobId(id)) return null
      const row = (await run('retry', [id, at])) as [number, FlatHash] | null
      return row === null ? null : { changed: row[0] === 1, job: decodeJob(id, row[1]) }
    },
    async remove({ id, now }) {
      open()
      const at = ms(now)
      if (!isJobId(id)) return false
      return (await run('remove', [id, at])) === 1
    },
    async prune(params) {
      open()
      const olderThan = validDate(params.olderThan, 'olderThan').getTime()
      const states = validFinishedStates(params.states ?? FINISHED_STATES)
      const batchSize = params.batchSize ?? DEFAULT_PRUNE_BATCH
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`prune batchSize must be a positive integer, got ${batchSize}`)
      if (states.length === 0) return 0
      let deleted = 0
      for (;;) {
        const n = (await run('prune', [olderThan, batchSize, ...states])) as number
        deleted += n
        if (n < batchSize) return deleted
      }
    },
    async queues() {
      open()
      return (await redis.hkeys(`${prefix}:queues`)).sort()
    },
  }
}
