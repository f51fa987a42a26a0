// A real Worker on a memory store runs jobs through remoteHandlers against a job route served by
// node:http on a loopback port — the stand-in for a deployed Next app.
import { memoryStore, PermanentError, Queue, WaitError, Worker, silentLogger } from '@queue/core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { serve, type Served } from '../test-support/serve.js'
import { waitForState } from '../test-support/wait.js'
import { createJobRoute } from './job-route.js'
import { remoteHandlers } from './remote-handlers.js'

const secret = 'shared-secret-for-tests-0001'
let calls: Record<string, number> = {}
const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1)

const route = createJobRoute({
  secret,
  handlers: {
    'report.build': (payload: { title: string }, ctx) => {
      count('report.build')
      return { title: payload.title, attempt: ctx.job.attempt, id: ctx.job.id }
    },
    'report.flaky': () => {
      if (count('report.flaky') === 1) throw new Error('database busy')
      return 'second time lucky'
    },
    'report.invalid': () => {
      count('report.invalid')
      throw new PermanentError('title is required')
    },
    'report.later': () => {
      if (count('report.later') === 1) throw new WaitError(30, 'upstream not ready')
      return 'ready now'
    },
  },
})

let server: Served
beforeAll(async () => {
  server = await serve(route.POST)
})
afterAll(() => server.close())

let worker: Worker | undefined
afterEach(async () => {
  await worker?.stop({ graceMs: 1000 })
  worker = undefined
  calls = {}
})

function start(names: string[], options: { secret?: string; url?: string } = {}) {
  const store = memoryStore()
  const queue = new Queue({ store })
  worker = new Worker({
    store,
    logger: silentLogger,
    pollMs: 5,
    handlers: remoteHandlers({ url: options.url ?? `${server.url}/api/jobs`, secret: options.secret ?? secret, names }),
  })
  worker.start()
  return queue
}

const fast = { backoff: { type: 'fixed', delayMs: 10 } as const }

describe('remoteHandlers with a Worker', () => {
  it('completes a job with the result the route answered', async () => {
    const queue = start(['report.build'])
    const job = await queue.add('report.build', { title: 'Q3' })
    const done = await waitForState(queue, job.id, 'completed')
    expect(done.result).toEqual({ title: 'Q3', attempt: 1, id: job.id })
  })

  it('retries a job whose route answered 5xx, then completes it', async () => {
    const queue = start(['report.flaky'])
    const job = await queue.add('report.flaky', null, fast)
    const done = await waitForState(queue, job.id, 'completed')
    expect(done.attempts).toBe(2)
    expect(done.result).toBe('second time lucky')
  })

  it('fails a job at once when the route answered 4xx for a PermanentError', async () => {
    const queue = start(['report.invalid'])
    const job = await queue.add('report.invalid', {}, fast)
    const failed = await waitForState(queue, job.id, 'failed')
    expect(failed.attempts).toBe(1)
    expect(failed.lastError).toMatch(/422.*title is required/)
    expect(calls['report.invalid']).toBe(1)
  })

  it('waits without counting the attempt when the route asked to wait', async () => {
    const queue = start(['report.later'])
    const job = await queue.add('report.later', null)
    const done = await waitForState(queue, job.id, 'completed')
    expect(done.result).toBe('ready now')
    expect(done.attempts).toBe(1)
    expect(calls['report.later']).toBe(2)
  })

  it('fails permanently when the route does not know the job name', async () => {
    const queue = start(['report.unknown'])
    const job = await queue.add('report.unknown', null, fast)
    expect((await waitForState(queue, job.id, 'failed')).lastError).toMatch(/404.*no handler/)
  })

  it('fails permanently when the secrets differ, and the route runs nothing', async () => {
    const queue = start(['report.build'], { secret: 'a-different-secret-0000' })
    const job = await queue.add('report.build', { title: 'x' }, fast)
    expect((await waitForState(queue, job.id, 'failed')).lastError).toMatch(/401/)
    expect(calls['report.build']).toBeUndefined()
  })

  it('retries while the route is unreachable', async () => {
    const queue = start(['report.build'], { url: 'http://127.0.0.1:9/api/jobs' })
    const job = await queue.add('report.build', { title: 'x' }, { ...fast, maxAttempts: 2 })
    const failed = await waitForState(queue, job.id, 'failed')
    expect(failed.attempts).toBe(2)
  })
})

describe('remoteHandlers options', () => {
  it('gives one handler per name', () => {
    expect(Object.keys(remoteHandlers({ url: 'http://x.test/api/jobs', secret, names: ['a', 'b'] }))).toEqual(['a', 'b'])
  })

  it('refuses a relative url, a short secret and bad names', () => {
    expect(() => remoteHandlers({ url: '/api/jobs', secret, names: [] })).toThrow(/absolute URL/)
    expect(() => remoteHandlers({ url: 'http://x.test', secret: 'short', names: [] })).toThrow(/at least 16/)
    expect(() => remoteHandlers({ url: 'http://x.test', secret, names: [''] })).toThrow(/names/)
  })
})
