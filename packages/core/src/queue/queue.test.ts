import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors.js'
import { JOB_DEFAULTS, type NewJob } from '../job/job.js'
import { memoryStore } from '../store/memory/index.js'
import type { InsertParams, JobStore } from '../store/port.js'
import { spyStore } from '../worker/spy-store.fixture.js'
import { InvalidOptionError } from './invalid-option.js'
import { Queue } from './queue.js'
import type { StandardSchemaV1 } from './schema.js'

function inserted(spy: ReturnType<typeof spyStore>, call = 0): NewJob[] {
  return (spy.calls.insert![call] as InsertParams).jobs
}

/** A Standard Schema for `{ to: string }` that trims `to`, answering synchronously or asynchronously. */
function emailSchema(async = false): StandardSchemaV1<unknown, { to: string }> {
  return {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate(value) {
        const v = value as { to?: unknown }
        const result =
          typeof v?.to === 'string' && v.to.includes('@')
            ? { value: { to: v.to.trim() } }
            : { issues: [{ message: 'to must be an email address', path: [{ key: 'to' }] }] }
        return async ? Promise.resolve(result) : result
      },
    },
  }
}

describe('Queue.add', () => {
  it('hands the store a complete job with every default applied', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const before = Date.now()
    const job = await queue.add('email.send', { to: 'a@b.c' })
    const [sent] = inserted(spy)
    expect(sent).toEqual({
      name: 'email.send',
      queue: 'default',
      payload: { to: 'a@b.c' },
      priority: 500,
      runAt: expect.any(Date),
      maxAttempts: 25,
      backoff: JOB_DEFAULTS.backoff,
      timeoutMs: null,
      groupKey: null,
      uniqueKey: null,
    })
    expect(sent!.runAt.getTime()).toBeGreaterThanOrEqual(before)
    expect(job).toMatchObject({ name: 'email.send', state: 'ready', priority: 500, attempts: 0, duplicate: false })
  })

  it('passes every option through to the stored job', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const runAt = new Date(Date.now() + 3_600_000)
    const backoff = { type: 'fixed', delayMs: 5000 } as const
    const job = await queue.add('email.send', { to: 'a@b.c' }, { queue: 'emails', priority: 800, runAt, groupKey: 'invoice-42', uniqueKey: 'send-42', maxAttempts: 3, backoff, timeoutMs: 30_000 })
    expect(job).toMatchObject({ queue: 'emails', priority: 800, runAt, groupKey: 'invoice-42', uniqueKey: 'send-42', maxAttempts: 3, backoff, timeoutMs: 30_000, state: 'scheduled' })
  })

  it('turns delayMs into a runAt that far in the future', async () => {
    const queue = new Queue({ store: memoryStore() })
    const before = Date.now()
    const job = await queue.add('later', null, { delayMs: 60_000 })
    expect(job.runAt.getTime() - before).toBeGreaterThanOrEqual(60_000)
    expect(job.runAt.getTime() - Date.now()).toBeLessThanOrEqual(60_000)
    expect(job.state).toBe('scheduled')
  })

  it('calls store.insert synchronously, so a synchronous transaction (better-sqlite3) contains the insert', async () => {
    const inner = memoryStore()
    let insideTransaction = false
    let insertedInside: boolean | undefined
    let txSeen: unknown
    const store: JobStore = {
      ...inner,
      insert(params) {
        insertedInside = insideTransaction
        txSeen = params.tx
        return inner.insert({ jobs: params.jobs })
      },
    }
    const queue = new Queue({ store, schemas: { 'email.send': emailSchema() } })
    const db = { name: 'the caller transaction' }
    insideTransaction = true
    const pending = queue.add('email.send', { to: 'a@b.c' }, { tx: db })
    const pendingMany = queue.addMany([{ name: 'x', payload: 1, options: { tx: db } }])
    insideTransaction = false
    expect(insertedInside).toBe(true)
    expect(txSeen).toBe(db)
    await Promise.all([pending, pendingMany])
  })

  it('returns the unfinished job holding a uniqueKey, marked duplicate', async () => {
    const queue = new Queue({ store: memoryStore() })
    const first = await queue.add('send', 1, { uniqueKey: 'send-42' })
    const second = await queue.add('send', 2, { uniqueKey: 'send-42' })
    expect(second.duplicate).toBe(true)
    expect(second.id).toBe(first.id)
    expect(second.payload).toBe(1)
    expect((await queue.counts()).ready).toBe(1)
  })

  it('stores a missing payload as null', async () => {
    const queue = new Queue({ store: memoryStore() })
    expect((await queue.add('tick', undefined)).payload).toBeNull()
  })

  it.each([
    ['name', () => ['', null, {}] as const],
    ['priority', () => ['x', 1, { priority: 1.5 }] as const],
    ['priority', () => ['x', 1, { priority: 2 ** 31 }] as const],
    ['maxAttempts', () => ['x', 1, { maxAttempts: 0 }] as const],
    ['timeoutMs', () => ['x', 1, { timeoutMs: -5 }] as const],
    ['runAt', () => ['x', 1, { runAt: 60_000 as unknown as Date }] as const],
    ['runAt', () => ['x', 1, { runAt: new Date('nope') }] as const],
    ['runAt', () => ['x', 1, { runAt: new Date(), delayMs: 5 }] as const],
    ['delayMs', () => ['x', 1, { delayMs: Number.NaN }] as const],
    ['queue', () => ['x', 1, { queue: '' }] as const],
    ['groupKey', () => ['x', 1, { groupKey: 'g'.repeat(256) }] as const],
    ['uniqueKey', () => ['x', 1, { uniqueKey: 42 as unknown as string }] as const],
    ['backoff', () => ['x', 1, { backoff: { type: 'exponential', baseMs: 10, maxMs: 1 } }] as const],
    ['options.prio', () => ['x', 1, { prio: 3 } as object] as const],
  ])('rejects an invalid %s with InvalidOptionError and inserts nothing', async (option, args) => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const [name, payload, options] = args()
    const error = await queue.add(name, payload, options).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect((error as InvalidOptionError).option).toBe(option)
    expect(spy.count('insert')).toBe(0)
  })
})

describe('Queue.addMany', () => {
  it('inserts the whole batch with one store.insert call, results in input order', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const jobs = await queue.addMany([
      { name: 'a', payload: 1 },
      { name: 'b', payload: 2, options: { priority: 900, queue: 'fast' } },
      { name: 'c', payload: 3, options: { delayMs: 60_000 } },
    ])
    expect(spy.count('insert')).toBe(1)
    expect(inserted(spy)).toHaveLength(3)
    expect(jobs.map((j) => [j.name, j.payload, j.queue, j.priority, j.state, j.duplicate])).toEqual([
      ['a', 1, 'default', 500, 'ready', false],
      ['b', 2, 'fast', 900, 'ready', false],
      ['c', 3, 'default', 500, 'scheduled', false],
    ])
  })

  it('rejects a batch with one bad item and inserts none of it', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const error = await queue.addMany([{ name: 'a', payload: 1 }, { name: 'b', payload: 2, options: { maxAttempts: -1 } }]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(spy.count('insert')).toBe(0)
  })

  it('refuses items that name different transactions', async () => {
    const queue = new Queue({ store: memoryStore() })
    const error = await queue.addMany([{ name: 'a', payload: 1, options: { tx: {} } }, { name: 'b', payload: 2, options: { tx: {} } }]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidOptionError)
  })

  it('resolves an empty batch without calling the store', async () => {
    const spy = spyStore(memoryStore())
    expect(await new Queue({ store: spy.store }).addMany([])).toEqual([])
    expect(spy.count('insert')).toBe(0)
  })
})

describe('Queue schemas (Standard Schema)', () => {
  it.each([false, true])('stores the validated value and rejects bad payloads (async validator: %s)', async (async) => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store, schemas: { 'email.send': emailSchema(async) } })
    const job = await queue.add('email.send', { to: '  a@b.c ' })
    expect(job.payload).toEqual({ to: 'a@b.c' })
    const error = await queue.add('email.send', { to: 'nobody' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error).toMatchObject({ jobName: 'email.send', issues: [{ message: 'to must be an email address', path: ['to'] }] })
    const batch = await queue.addMany([{ name: 'email.send', payload: { to: 'x@y.z' } }, { name: 'email.send', payload: {} }]).catch((e: unknown) => e)
    expect(batch).toBeInstanceOf(ValidationError)
    expect(spy.count('insert')).toBe(1)
  })

  it('leaves names without a schema unvalidated', async () => {
    const queue = new Queue({ store: memoryStore(), schemas: { 'email.send': emailSchema() } })
    expect((await queue.add('other', 'anything')).payload).toBe('anything')
  })

  it('refuses a schema that is not a Standard Schema', () => {
    expect(() => new Queue({ store: memoryStore(), schemas: { x: {} as StandardSchemaV1 } })).toThrow(InvalidOptionError)
  })
})

describe('Queue admin', () => {
  it('gets, cancels, retries and removes jobs', async () => {
    const queue = new Queue({ store: memoryStore() })
    const job = await queue.add('a', 1)
    expect((await queue.get(job.id))?.id).toBe(job.id)
    expect(await queue.get('999999')).toBeNull()
    expect(await queue.cancel(job.id)).toMatchObject({ changed: true, job: { state: 'cancelled' } })
    expect(await queue.retry(job.id)).toMatchObject({ changed: true, job: { state: 'ready' } })
    expect(await queue.remove(job.id)).toBe(true)
    expect(await queue.get(job.id)).toBeNull()
    expect(await queue.remove(job.id)).toBe(false)
  })

  it('counts per queue and lists with filters', async () => {
    const queue = new Queue({ store: memoryStore() })
    await queue.addMany([
      { name: 'a', payload: 1, options: { queue: 'emails' } },
      { name: 'b', payload: 2, options: { queue: 'emails', delayMs: 60_000 } },
      { name: 'a', payload: 3, options: { queue: 'reports' } },
    ])
    expect(await queue.counts({ queue: 'emails' })).toMatchObject({ ready: 1, scheduled: 1 })
    expect((await queue.counts()).ready).toBe(2)
    expect((await queue.list({ name: 'a' })).jobs.map((j) => j.payload).sort()).toEqual([1, 3])
    expect((await queue.list({ queue: 'emails', state: 'scheduled' })).jobs.map((j) => j.payload)).toEqual([2])
    const first = await queue.list({ limit: 2 })
    expect(first.jobs).toHaveLength(2)
    const second = await queue.list({ limit: 2, cursor: first.nextCursor ?? undefined })
    expect(second.jobs).toHaveLength(1)
    expect((await queue.queues()).sort()).toEqual(['emails', 'reports'])
  })

  it('prunes finished jobs older than a Date or a number of milliseconds', async () => {
    const queue = new Queue({ store: memoryStore() })
    const done = await queue.add('a', 1)
    const open = await queue.add('a', 2)
    await queue.cancel(done.id)
    expect(await queue.prune({ olderThan: 60_000 })).toBe(0)
    expect(await queue.prune({ olderThan: new Date(Date.now() + 1000), states: ['completed'] })).toBe(0)
    expect(await queue.prune({ olderThan: new Date(Date.now() + 1000) })).toBe(1)
    expect(await queue.get(open.id)).not.toBeNull()
    await expect(queue.prune({ olderThan: -1 })).rejects.toBeInstanceOf(InvalidOptionError)
  })

  it('refuses to be built without a store', () => {
    expect(() => new Queue({ store: {} as JobStore })).toThrow(InvalidOptionError)
    expect(() => new Queue({ store: memoryStore(), extra: 1 } as never)).toThrow(/Queue.extra/)
  })
})
