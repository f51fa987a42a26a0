import { describe, expect, it } from 'vitest'
import { BenchArgsError, benchUsage, parseBenchArgs } from './args.js'

const known = { systems: ['raw-pg-b1', '@queue-postgres'], scenarios: ['drain', 'latency'] }

describe('parseBenchArgs', () => {
  it('reads every flag', () => {
    expect(parseBenchArgs(['--quick', '--only=raw-pg-b1,@queue-postgres', '--scenarios=drain', '--reps=5', '--connections=200', '--out=/tmp/x.json'], known)).toEqual({
      help: false,
      quick: true,
      only: ['raw-pg-b1', '@queue-postgres'],
      scenarios: ['drain'],
      reps: 5,
      connections: 200,
      out: '/tmp/x.json',
    })
    expect(parseBenchArgs([], known)).toEqual({ help: false, quick: false })
    expect(parseBenchArgs(['-h'], known).help).toBe(true)
    expect(parseBenchArgs(['--help'], known).help).toBe(true)
  })

  it('refuses what it cannot run, naming the argument, before anything starts', () => {
    const refused = (argv: string[]): string => {
      try {
        parseBenchArgs(argv, known)
      } catch (error) {
        expect(error).toBeInstanceOf(BenchArgsError)
        return (error as Error).message
      }
      throw new Error(`accepted ${argv.join(' ')}`)
    }
    expect(refused(['--qiuck'])).toBe('unknown argument "--qiuck"')
    expect(refused(['drain'])).toBe('unknown argument "drain"')
    expect(refused(['--only=raw-pg-b2'])).toBe('--only: unknown "raw-pg-b2"; known: raw-pg-b1, @queue-postgres')
    expect(refused(['--scenarios=drian,latency'])).toMatch(/^--scenarios: unknown "drian"/)
    expect(refused(['--reps=0'])).toBe('--reps must be a whole number of at least 1, got "0"')
    expect(refused(['--reps=two'])).toMatch(/^--reps must be/)
    expect(refused(['--connections=1.5'])).toBe('--connections must be a whole number of at least 1, got "1.5"')
    expect(refused(['--only'])).toBe('--only needs a value, e.g. --only=…')
    expect(refused(['--quick=yes'])).toBe('--quick takes no value')
  })
})

describe('benchUsage', () => {
  it('lists the flags, the scenarios and every system with its settings', () => {
    const text = benchUsage([{ name: 'raw-pg-b1', settings: 'plain pg' }, { name: 'sidequest-sqlite', settings: 'Sidequest', optIn: true }], ['drain'])
    expect(text).toContain('--reps')
    expect(text).toContain('--connections')
    expect(text).toContain('scenarios: drain')
    expect(text).toContain('  raw-pg-b1: plain pg')
    expect(text).toContain('  sidequest-sqlite (opt-in): Sidequest')
  })
})
