// A test helper: runs a migration script one statement at a time, as raw queries take one.
// (The same splitter as @queue/typeorm's migration helper; adapters do not import each other.)
/**
 * Splits a SQL script at the semicolons that end statements: not inside quotes, identifiers,
 * comments or a PostgreSQL dollar-quoted function body (`$body$ ... ; ... $body$`).
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = []
  let start = 0
  let i = 0
  while (i < script.length) {
    const rest = script.slice(i)
    const skip =
      /^'(?:[^']|'')*'/.exec(rest) ?? /^"(?:[^"]|"")*"/.exec(rest) ?? /^`[^`]*`/.exec(rest) ?? /^--[^\n]*/.exec(rest) ?? /^\/\*[\s\S]*?\*\//.exec(rest)
    const dollar = skip ? null : /^\$([A-Za-z_]\w*)?\$/.exec(rest)
    if (skip) i += skip[0].length
    else if (dollar) {
      const end = script.indexOf(dollar[0], i + dollar[0].length)
      i = end < 0 ? script.length : end + dollar[0].length
    } else if (script[i] === ';') {
      statements.push(script.slice(start, i))
      start = ++i
    } else i++
  }
  statements.push(script.slice(start))
  return statements.map((statement) => statement.trim()).filter((statement) => statement !== '')
}
