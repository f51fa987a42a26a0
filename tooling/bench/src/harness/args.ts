/** The command line of `pnpm bench`, checked: an unknown flag or name stops the run before it starts. */

export interface BenchArgs {
  help: boolean
  quick: boolean
  only?: string[]
  scenarios?: string[]
  reps?: number
  /** autocannon's connections in the webhook scenario. */
  connections?: number
  out?: string
}

/** A command line `pnpm bench` cannot run; the message says what to change. */
export class BenchArgsError extends Error {
  override name = 'BenchArgsError'
}

const VALUED = new Set(['only', 'scenarios', 'reps', 'connections', 'out'])
const BARE = new Set(['quick', 'help'])

/**
 * Parses `--quick`, `--help` (`-h`), `--only=a,b`, `--scenarios=a,b`, `--reps=N`, `--connections=N`
 * and `--out=file`.
 * `systems` and `scenarios` are the names `--only` and `--scenarios` may use.
 */
export function parseBenchArgs(argv: readonly string[], known: { systems: readonly string[]; scenarios: readonly string[] }): BenchArgs {
  const args: BenchArgs = { help: false, quick: false }
  for (const arg of argv) {
    if (arg === '-h') {
      args.help = true
      continue
    }
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg)
    const name = match?.[1] ?? ''
    const value = match?.[2]
    if (BARE.has(name) && value === undefined) {
      args[name as 'quick' | 'help'] = true
      continue
    }
    if (!VALUED.has(name) || value === undefined || value === '') {
      const expected = BARE.has(name) ? `--${name} takes no value` : VALUED.has(name) ? `--${name} needs a value, e.g. --${name}=…` : `unknown argument ${JSON.stringify(arg)}`
      throw new BenchArgsError(expected)
    }
    if (name === 'reps' || name === 'connections') {
      const count = Number(value)
      if (!Number.isInteger(count) || count < 1) throw new BenchArgsError(`--${name} must be a whole number of at least 1, got ${JSON.stringify(value)}`)
      args[name] = count
    } else if (name === 'out') args.out = value
    else args[name as 'only' | 'scenarios'] = names(name, value, name === 'only' ? known.systems : known.scenarios)
  }
  return args
}

function names(flag: string, value: string, known: readonly string[]): string[] {
  const list = value.split(',').filter((n) => n !== '')
  const unknown = list.filter((n) => !known.includes(n))
  if (unknown.length > 0) throw new BenchArgsError(`--${flag}: unknown ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known: ${known.join(', ')}`)
  return list
}

/** `pnpm bench --help`. */
export function benchUsage(systems: readonly { name: string; settings: string; optIn?: boolean }[], scenarios: readonly string[]): string {
  return [
    'pnpm bench [--quick] [--only=a,b] [--scenarios=a,b] [--reps=N] [--connections=N] [--out=results/latest.json]',
    '',
    '  --quick       every scenario with small sizes, one repetition (under 2 minutes)',
    '  --only        these systems only (opt-in systems run only when named here)',
    '  --scenarios   these scenarios only',
    '  --reps        repetitions per scenario (default 3; --quick: 1)',
    '  --connections autocannon connections in the webhook scenario (default 50)',
    '  --out         where the JSON goes (a .md beside it)',
    '',
    `scenarios: ${scenarios.join(', ')}`,
    'systems:',
    ...systems.map((s) => `  ${s.name}${s.optIn ? ' (opt-in)' : ''}: ${s.settings}`),
  ].join('\n')
}
