import { describe, expect, it } from 'vitest'
import { CommitBatcher } from './batcher.js'

describe('CommitBatcher', () => {
  it('writes items submitted in the same moment with one write, results in order', async () => {
    const writes: number[][] = []
    const batcher = new CommitBatcher<number, string>(async (items) => {
      writes.push(items)
      return items.map((n) => `#${n}`)
    })
    const results = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)))
    expect(results).toEqual(['#1', '#2', '#3'])
    expect(writes).toEqual([[1, 2, 3]])
  })

  it('keeps one write in flight and sends what arrived meanwhile as the next batch', async () => {
    const writes: number[][] = []
    let release: () => void = () => {}
    const batcher = new CommitBatcher<number, number>(async (items) => {
      writes.push(items)
      if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve))
      return items
    }, { windowMs: 0 })
    const first = batcher.submit(1)
    await new Promise((resolve) => setTimeout(resolve, 10))
    const rest = [2, 3, 4].map((n) => batcher.submit(n))
    expect(writes).toEqual([[1]])
    release()
    expect(await Promise.all([first, ...rest])).toEqual([1, 2, 3, 4])
    expect(writes).toEqual([[1], [2, 3, 4]])
  })

  it('by default writes what was submitted in one event-loop turn, without waiting on a timer', async () => {
    const writes: number[][] = []
    const batcher = new CommitBatcher<number, number>(async (items) => {
      writes.push(items)
      return items
    })
    const sameTurn = [batcher.submit(1), batcher.submit(2)]
    const nextTurn = new Promise<number>((resolve) => setImmediate(() => resolve(batcher.submit(3))))
    const started = performance.now()
    expect(await Promise.all([...sameTurn, nextTurn])).toEqual([1, 2, 3])
    expect(writes).toEqual([[1, 2], [3]])
    expect(performance.now() - started).toBeLessThan(50)
  })

  it('with windowMs waits that long for company before the first write', async () => {
    const writes: number[][] = []
    const batcher = new CommitBatcher<number, number>(async (items) => {
      writes.push(items)
      return items
    }, { windowMs: 20 })
    const first = batcher.submit(1)
    const later = new Promise<number>((resolve) => setTimeout(() => resolve(batcher.submit(2)), 5))
    expect(await Promise.all([first, later])).toEqual([1, 2])
    expect(writes).toEqual([[1, 2]])
  })

  it('splits at maxBatch', async () => {
    const sizes: number[] = []
    const batcher = new CommitBatcher<number, number>(async (items) => {
      sizes.push(items.length)
      return items
    }, { maxBatch: 4 })
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.submit(i)))
    expect(sizes).toEqual([4, 4, 2])
  })

  it('rejects every item of a failed write and recovers for the next', async () => {
    let fail = true
    const batcher = new CommitBatcher<number, number>(async (items) => {
      if (fail) throw new Error('down')
      return items
    })
    const results = await Promise.allSettled([batcher.submit(1), batcher.submit(2)])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    fail = false
    expect(await batcher.submit(3)).toBe(3)
  })

  it('rejects when a write returns the wrong number of results', async () => {
    const batcher = new CommitBatcher<number, number>(async () => [])
    await expect(batcher.submit(1)).rejects.toThrow('0 results for 1 items')
  })
})
