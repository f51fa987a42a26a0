import { describe, expect, it } from 'vitest'
import { UsageError } from '../errors.js'
import { parseDuration } from './duration.js'
import { parsePriorityRange } from './priority.js'
import { parseInteger, splitList } from './values.js'

describe('parseDuration', () => {
  it('reads days, hours, minutes, seconds, milliseconds and weeks', () => {
    expect(parseDuration('14d')).toBe(14 * 86_400_000)
    expect(parseDuration('12h')).toBe(12 * 3_600_000)
    expect(parseDuration('30m')).toBe(30 * 60_000)
    expect(parseDuration('45s')).toBe(45_000)
    expect(parseDuration('500ms')).toBe(500)
    expect(parseDuration('2w')).toBe(14 * 86_400_000)
  })
  it('adds up combined units', () => {
    expect(parseDuration('1h30m')).toBe(90 * 60_000)
    expect(parseDuration('1d12h')).toBe(36 * 3_600_000)
  })
  it('rejects a bare number, an unknown unit and garbage with the flag name', () => {
    for (const bad of ['14', '14x', '', 'd', '-3d', '1h 30m', 'soon']) {
      expect(() => parseDuration(bad, '--older-than')).toThrow(UsageError)
    }
    expect(() => parseDuration('14', '--older-than')).toThrow(/--older-than: invalid duration "14"/)
  })
})

describe('parsePriorityRange (seed 002 consume -p)', () => {
  it('reads a closed range', () => expect(parsePriorityRange('20-40')).toEqual({ min: 20, max: 40 }))
  it('reads an open upper bound', () => expect(parsePriorityRange('25-')).toEqual({ min: 25 }))
  it('reads an open lower bound', () => expect(parsePriorityRange('-20')).toEqual({ max: 20 }))
  it('reads a single priority as exactly that one', () => expect(parsePriorityRange('10')).toEqual({ min: 10, max: 10 }))
  it('rejects empty, reversed and malformed ranges', () => {
    for (const bad of ['', '-', 'a-b', '40-20', '1-2-3', '10..20', '1.5']) {
      expect(() => parsePriorityRange(bad)).toThrow(UsageError)
    }
    expect(() => parsePriorityRange('40-20')).toThrow(/empty/)
  })
})

describe('splitList and parseInteger', () => {
  it('splits repeatable comma-separated flags', () => {
    expect(splitList(['a,b', ' c ', ''])).toEqual(['a', 'b', 'c'])
    expect(splitList(undefined)).toEqual([])
    expect(splitList('x')).toEqual(['x'])
  })
  it('reads whole numbers within bounds and names the flag otherwise', () => {
    expect(parseInteger('20', '--max-threads', { min: 1 })).toBe(20)
    expect(() => parseInteger('0', '--max-threads', { min: 1 })).toThrow(/--max-threads: must be between 1/)
    expect(() => parseInteger('abc', '--port')).toThrow(/--port: expected a whole number/)
    expect(() => parseInteger('70000', '--port', { max: 65_535 })).toThrow(UsageError)
  })
})
