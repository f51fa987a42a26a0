import { describe, expect, it } from 'vitest'
import { decodeStats, encodeStats } from './rows.js'

const stats = { pid: 4242, host: 'web-1', durationMs: 12.345, memoryBefore: { rss: 100_000_000, heapUsed: 20_000_000 }, memoryAfter: { rss: 100_100_000, heapUsed: 21_000_000 } }

describe('stored run stats', () => {
  it('round-trips through the compact positional form', () => {
    const text = encodeStats(stats)
    expect(JSON.parse(text)).toEqual([4242, 'web-1', 12.345, 100_000_000, 20_000_000, 100_100_000, 21_000_000])
    expect(decodeStats(text)).toEqual(stats)
  })

  it('quotes any host name and writes numbers JSON cannot hold as null, as JSON.stringify does', () => {
    const odd = { ...stats, host: 'a "quoted"\\host', durationMs: Number.NaN }
    const text = encodeStats(odd)
    expect(() => JSON.parse(text)).not.toThrow()
    expect(decodeStats(text)).toEqual({ ...odd, durationMs: null })
    expect(decodeStats(encodeStats(stats))?.host).toBe('web-1')
  })

  it('reads the object form that schema version 1 stored, and no stats as null', () => {
    expect(decodeStats(JSON.stringify(stats))).toEqual(stats)
    expect(decodeStats(null)).toBeNull()
  })
})
