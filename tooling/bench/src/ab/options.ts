/** `--name=value` from the command line of an A/B tool, or `fallback` when it is not there. */
export function option(name: string, fallback: string): string {
  const found = process.argv.find((arg) => arg.startsWith(`--${name}=`))
  return found === undefined ? fallback : found.slice(name.length + 3)
}
