import { describe, expect, it } from 'vitest'
import { verify, type Execution } from './verify.js'

const base = { jobs: 2, ids: ['1', '2'], deaths: [], cuts: [], leaseMs: 1000 }
const ran = (jobId: string, attempt: number, pid: number, at = 1_000): Execution => ({ jobId, attempt, pid, at })

describe('chaos verdict', () => {
  it('passes when every job completed once', () => {
    const v = verify({ ...base, stateCounts: { completed: 2 }, executions: [ran('1', 1, 10), ran('2', 1, 10)] })
    expect(v.ok).toBe(true)
    expect(v.counts.duplicates).toBe(0)
  })

  it('explains a second execution by the kill of the process that ran the first', () => {
    const v = verify({
      ...base,
      stateCounts: { completed: 2 },
      executions: [ran('1', 1, 10), ran('1', 2, 11, 3_000), ran('2', 1, 11)],
      deaths: [{ pid: 10, at: 1_500, cause: 'kill' }],
    })
    expect(v.ok).toBe(true)
    expect(v.counts.explainedByKill).toBe(1)
  })

  it('fails on a duplicate execution no kill or cut explains', () => {
    const v = verify({ ...base, stateCounts: { completed: 2 }, executions: [ran('1', 1, 10), ran('1', 2, 11), ran('2', 1, 11)] })
    expect(v.ok).toBe(false)
    expect(v.counts.unexplained).toBe(1)
  })

  it('fails when a job is lost, left active or never ran', () => {
    expect(verify({ ...base, stateCounts: { completed: 1 }, executions: [ran('1', 1, 10)] }).problems.join()).toMatch(/lost/)
    expect(verify({ ...base, stateCounts: { completed: 1, active: 1 }, executions: [ran('1', 1, 10)] }).problems.join()).toMatch(/left active/)
    expect(verify({ ...base, stateCounts: { completed: 2 }, executions: [ran('1', 1, 10)] }).problems.join()).toMatch(/no execution/)
  })
})
