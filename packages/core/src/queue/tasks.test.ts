import { describe, expectTypeOf, it } from 'vitest'
import { memoryStore } from '../store/memory/index.js'
import type { JobContext } from '../worker/options.js'
import { Worker } from '../worker/worker.js'
import { type AddedJob, Queue } from './queue.js'
import type { StandardSchemaV1 } from './schema.js'

type Tasks = {
  'email.send': { payload: { to: string }; result: { messageId: string } }
  'report.build': { payload: { month: string } }
}

interface InterfaceTasks {
  ping: { payload: number; result: number }
}

// These run through `tsc` (the package typecheck includes tests): each @ts-expect-error line must stay an error.
describe('typed task maps', () => {
  it('types add() by job name', () => {
    const queue = new Queue<Tasks>({ store: memoryStore() })
    expectTypeOf(queue.add('email.send', { to: 'a@b.c' })).toEqualTypeOf<Promise<AddedJob<{ to: string }, { messageId: string }>>>()
    expectTypeOf(queue.add('report.build', { month: '2026-11' })).toEqualTypeOf<Promise<AddedJob<{ month: string }, unknown>>>()
    const typo = () => {
      // @ts-expect-error a name missing from the map
      void queue.add('email.sned', { to: 'a@b.c' })
      // @ts-expect-error a payload of the wrong shape
      void queue.add('email.send', { to: 42 })
      // @ts-expect-error a payload of another task
      void queue.add('email.send', { month: '2026-11' })
      void queue.addMany([
        { name: 'email.send', payload: { to: 'x' } },
        // @ts-expect-error addMany items are checked per name too
        { name: 'report.build', payload: { to: 'x' } },
      ])
    }
    void typo
  })

  it('types handlers by job name, payload and result', () => {
    const store = memoryStore()
    new Worker<Tasks>({
      store,
      handlers: {
        'email.send': async (payload, ctx) => {
          expectTypeOf(payload).toEqualTypeOf<{ to: string }>()
          expectTypeOf(ctx).toEqualTypeOf<JobContext<{ to: string }>>()
          return { messageId: payload.to }
        },
      },
    })
    new Worker<Tasks>({
      store,
      handlers: {
        // @ts-expect-error the result must match the map
        'email.send': async () => ({ id: 1 }),
      },
    })
    new Worker<Tasks>({
      store,
      handlers: {
        // @ts-expect-error a handler for a name missing from the map
        'email.sned': async () => ({ messageId: '' }),
      },
    })
  })

  it('accepts a task map written as an interface', () => {
    const queue = new Queue<InterfaceTasks>({ store: memoryStore() })
    expectTypeOf(queue.add('ping', 1)).toEqualTypeOf<Promise<AddedJob<number, number>>>()
    new Worker<InterfaceTasks>({ store: memoryStore(), handlers: { ping: (n) => n + 1 } })
  })

  it('types schemas by the payload they produce', () => {
    const toSchema = {} as StandardSchemaV1<unknown, { to: string }>
    const monthSchema = {} as StandardSchemaV1<unknown, { month: string }>
    const ok = () => new Queue<Tasks>({ store: memoryStore(), schemas: { 'email.send': toSchema } })
    // @ts-expect-error a schema producing another task's payload
    const wrong = () => new Queue<Tasks>({ store: memoryStore(), schemas: { 'email.send': monthSchema } })
    void ok
    void wrong
  })

  it('accepts any name and payload without a map', () => {
    const queue = new Queue({ store: memoryStore() })
    void (() => queue.add('anything', { at: 'all' }))
    new Worker({ store: memoryStore(), handlers: { anything: (payload: { at: string }) => payload.at } })
  })
})
