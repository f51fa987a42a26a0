/** A failure the user can fix: printed as one line on stderr, then the process exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError'
  constructor(
    message: string,
    /** 2 for a malformed command line (unknown flag, bad value), 1 for everything else. */
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

/** A malformed command line: exit code 2, as getopt-style tools do. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2)
  }
}
