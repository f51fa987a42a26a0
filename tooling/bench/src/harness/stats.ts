/** Summaries of repeated measurements: median with min-max, and latency percentiles. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] as number
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** The repetitions of one metric of one system in one scenario. */
export interface Summary {
  median: number
  min: number
  max: number
  runs: number[]
}

export function summarize(runs: readonly number[]): Summary {
  const finite = runs.filter((v) => Number.isFinite(v))
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), runs: [...runs] }
}

/** Formats a number for a table: integers with separators, small values with two decimals. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US')
  if (Math.abs(value) >= 10) return value.toFixed(1)
  return value.toFixed(2)
}
