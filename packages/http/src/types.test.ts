import { memoryStore, Queue, silentLogger, Worker } from '@queue/core'
import { describe, expect, it } from 'vitest'
import { commandHandlers, createHttpHandler, createMetrics } from './index.js'

type Tasks = { 'email.send': { payload: { to: string }; result: void } }

describe('the exported types', () => {
  it('accept a typed Queue and a Worker as the integrations pass them', () => {
    const store = memoryStore()
    const queue = new Queue<Tasks>({ store })
    const handler = createHttpHandler({ queue, metrics: createMetrics() })
    const worker = new Worker({ store, handlers: { ...commandHandlers({ queue }), other: async () => 1 }, logger: silentLogger })
    const unsubscribe = createMetrics().observe(worker)
    unsubscribe()
    expect(typeof handler).toBe('function')
  })
})
