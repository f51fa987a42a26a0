import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from '../errors.js'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export interface Parsed<V> {
  values: V
  positionals: string[]
}

/**
 * `node:util` parseArgs in strict mode, with its errors turned into one-line usage errors that name
 * the command (`queue worker: unknown option --foo`).
 */
export function parseCommandLine<V>(command: string, argv: readonly string[], options: OptionSpec, maxPositionals: number): Parsed<V> {
  const parsed = (() => {
    try {
      return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true })
    } catch (error) {
      throw new UsageError(`${command}: ${describeParseError(error)}`)
    }
  })()
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals]
    throw new UsageError(`${command}: unexpected argument "${extra}" (see ${command} --help)`)
  }
  return { values: parsed.values as V, positionals: parsed.positionals }
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: string }).code
  const unknown = /Unknown option '([^']+)'/.exec(message)
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return `unknown option ${unknown[1]}`
  // Node's messages span several lines; errors here are one line.
  return message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '')
}
