import { describe, expect, it } from 'vitest'
import { backoffDelay, backoffProblem, nextAttemptAt } from './backoff.js'
import { JOB_DEFAULTS } from './job.js'

const exact = { type: 'exponential', baseMs: 1000, maxMs: 16 * 60_000, jitter: false } as const

describe('backoff', () => {
  it('doubles from 1 s by default: 1, 2, 4, 8 ... seconds', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(exact, a))).toEqual([1000, 2000, 4000, 8000, 16_000])
  })

  it('caps the delay at 16 minutes', () => {
    expect(backoffDelay(exact, 10)).toBe(512_000)
    expect(backoffDelay(exact, 11)).toBe(16 * 60_000)
    expect(backoffDelay(exact, 25)).toBe(16 * 60_000)
    expect(backoffDelay(exact, 5000)).toBe(16 * 60_000)
  })

  it('jitters the default between 75 % and 100 % of the exact delay, never above the cap', () => {
    const backoff = JOB_DEFAULTS.backoff
    expect(backoffDelay(backoff, 3, () => 0)).toBe(3000)
    expect(backoffDelay(backoff, 3, () => 0.999_999)).toBe(4000)
    expect(backoffDelay(backoff, 30, () => 0.999_999)).toBe(16 * 60_000)
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(backoff, 3)))
    expect(spread.size).toBeGreaterThan(10)
    for (const d of spread) {
      expect(d).toBeGreaterThanOrEqual(3000)
      expect(d).toBeLessThanOrEqual(4000)
    }
  })

  it('waits the same delay every time with a fixed backoff', () => {
    expect([1, 2, 9].map((a) => backoffDelay({ type: 'fixed', delayMs: 250 }, a))).toEqual([250, 250, 250])
  })

  it('computes the next attempt time from now', () => {
    expect(nextAttemptAt(exact, 2, 10_000).getTime()).toBe(12_000)
  })

  it('explains what is wrong with an invalid backoff', () => {
    expect(backoffProblem(JOB_DEFAULTS.backoff)).toBeNull()
    expect(backoffProblem({ type: 'fixed', delayMs: 0 })).toBeNull()
    expect(backoffProblem({ type: 'linear' })).toMatch(/exponential' or 'fixed/)
    expect(backoffProblem({ type: 'fixed', delayMs: -1 })).toMatch(/delayMs/)
    expect(backoffProblem({ type: 'exponential', baseMs: 0, maxMs: 10 })).toMatch(/baseMs/)
    expect(backoffProblem({ type: 'exponential', baseMs: 100, maxMs: 10 })).toMatch(/maxMs/)
    expect(backoffProblem({ type: 'exponential', baseMs: 100, maxMs: 1000, jitter: 'yes' })).toMatch(/jitter/)
    expect(backoffProblem(null)).toMatch(/object/)
  })
})
