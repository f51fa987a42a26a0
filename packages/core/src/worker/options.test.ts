import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../queue/invalid-option.js'
import { memoryStore } from '../store/memory/index.js'
import type { JobStore } from '../store/port.js'
import { Worker } from './worker.js'

describe('Worker options', () => {
  const store = memoryStore()
  it.each([
    ['concurrency', { concurrency: 0 }],
    ['concurrency', { concurrency: 2.5 }],
    ['priority', { priority: { min: 40, max: 20 } }],
    ['priority.min', { priority: { min: 0.5 } }],
    ['leaseMs', { leaseMs: 0 }],
    ['heartbeatMs', { leaseMs: 1000, heartbeatMs: 1000 }],
    ['pollMs.max', { pollMs: { min: 100, max: 10 } }],
    ['queues[0]', { queues: [''] }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['notifyAfterAttempts', { notifyAfterAttempts: 0 }],
    ['handoff', { handoff: 'yes' }],
    ['onError', { onError: 'no' }],
    ['logger', { logger: { info: () => {} } }],
    ['Worker.concurency', { concurency: 3 }],
  ])('rejects an invalid %s', (option, extra) => {
    const build = () => new Worker({ store, handlers: {}, ...(extra as object) })
    expect(build).toThrow(InvalidOptionError)
    expect(build).toThrow(`invalid option ${option}`)
  })

  it('rejects a handler that is not a function and a store that is not one', () => {
    expect(() => new Worker({ store, handlers: { x: 'nope' as never } })).toThrow('handlers.x')
    expect(() => new Worker({ store: {} as JobStore, handlers: {} })).toThrow('invalid option store')
  })

  it('takes an id, or makes one from host and pid', () => {
    expect(new Worker({ store, handlers: {}, id: 'w-1' }).id).toBe('w-1')
    expect(new Worker({ store, handlers: {} }).id).toContain(`:${process.pid}:`)
  })
})
