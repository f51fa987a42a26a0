import { UsageError } from '../errors.js'

/** Splits repeatable, comma-separated values (`--queues a,b --queues c`) into one trimmed list. */
export function splitList(values: string | readonly string[] | undefined): string[] {
  if (values === undefined) return []
  const all = typeof values === 'string' ? [values] : values
  return all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '')
}

/** Parses an integer flag within bounds, naming the flag in the error. */
export function parseInteger(text: string, flag: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new UsageError(`${flag}: expected a whole number, got "${text}"`)
  const value = Number(text)
  if (value < min || value > max) throw new UsageError(`${flag}: must be between ${min} and ${max}, got ${value}`)
  return value
}
