import { UsageError } from '../errors.js'

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const

/**
 * Parses a duration such as `14d`, `12h`, `30m`, `45s`, `500ms`, `2w` or a sum like `1h30m` into
 * milliseconds. A bare number is rejected: `14` could mean days (seed 002) or seconds.
 */
export function parseDuration(text: string, flag = 'duration'): number {
  const trimmed = text.trim()
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy
  let total = 0
  let end = 0
  for (let match = part.exec(trimmed); match; match = part.exec(trimmed)) {
    total += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]
    end = part.lastIndex
  }
  if (trimmed === '' || end !== trimmed.length) {
    throw new UsageError(`${flag}: invalid duration "${text}" (use e.g. 14d, 12h, 30m, 45s, 500ms)`)
  }
  return Math.round(total)
}
