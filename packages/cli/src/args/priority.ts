import type { PriorityRange } from '@queue/core'
import { UsageError } from '../errors.js'

/**
 * Parses seed 002's priority range (`consume -p`): `20-40` (inclusive), `25-` (25 and above),
 * `-20` (up to 20), `10` (exactly 10).
 */
export function parsePriorityRange(text: string): PriorityRange {
  const match = /^\s*(\d+)?\s*(-)?\s*(\d+)?\s*$/.exec(text)
  if (!match || (match[1] === undefined && match[3] === undefined) || (!match[2] && match[3] !== undefined)) {
    throw new UsageError(`--priority: invalid range "${text}" (use 20-40, 25-, -20 or 10)`)
  }
  const min = match[1] === undefined ? undefined : Number(match[1])
  const max = match[2] ? (match[3] === undefined ? undefined : Number(match[3])) : min
  if (min !== undefined && max !== undefined && min > max) {
    throw new UsageError(`--priority: range "${text}" is empty (${min} > ${max})`)
  }
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }
}
