import { describe, expect, it } from 'vitest'
import { CLAIMABLE_STATES, FINISHED_STATES, type JobState, UNFINISHED_STATES } from './job.js'
import { assertTransition, canTransition, IllegalTransitionError, TRANSITIONS } from './states.js'

const STATES: JobState[] = ['scheduled', 'ready', 'active', 'waiting', 'retry', 'completed', 'failed', 'cancelled']

/** The lifecycle as DESIGN.md states it, written out independently of the table under test. */
const EXPECTED = new Set([
  'scheduled->ready',
  'scheduled->active',
  'scheduled->cancelled',
  'ready->active',
  'ready->cancelled',
  'active->completed',
  'active->retry',
  'active->waiting',
  'active->failed',
  'active->ready', // expired lease, or released on shutdown
  'active->cancelled',
  'waiting->ready',
  'waiting->active',
  'waiting->cancelled',
  'retry->ready',
  'retry->active',
  'retry->cancelled',
  'failed->ready', // retry() / kick
  'cancelled->ready',
])

describe('job state transitions', () => {
  it('lists every state, and only known states', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...STATES].sort())
    for (const targets of Object.values(TRANSITIONS)) for (const to of targets) expect(STATES).toContain(to)
  })

  describe.each(STATES.flatMap((from) => STATES.map((to) => [from, to] as const)))('%s -> %s', (from, to) => {
    const allowed = EXPECTED.has(`${from}->${to}`)
    it(allowed ? 'is allowed' : 'throws IllegalTransitionError', () => {
      expect(canTransition(from, to)).toBe(allowed)
      if (allowed) expect(() => assertTransition(from, to)).not.toThrow()
      else {
        const error = (() => {
          try {
            assertTransition(from, to, '42')
          } catch (thrown) {
            return thrown
          }
          return undefined
        })()
        expect(error).toBeInstanceOf(IllegalTransitionError)
        expect(error).toMatchObject({ from, to, jobId: '42', message: `illegal job state transition ${from} -> ${to} (job 42)` })
      }
    })
  })

  it('never leaves completed, and leaves failed and cancelled only for ready', () => {
    expect(TRANSITIONS.completed).toEqual([])
    expect(TRANSITIONS.failed).toEqual(['ready'])
    expect(TRANSITIONS.cancelled).toEqual(['ready'])
  })

  it('lets every unfinished state be cancelled, and every claimable state become active', () => {
    for (const s of UNFINISHED_STATES) expect(canTransition(s, 'cancelled')).toBe(true)
    for (const s of CLAIMABLE_STATES) expect(canTransition(s, 'active')).toBe(true)
    for (const s of FINISHED_STATES) expect(canTransition(s, 'active')).toBe(false)
  })
})
