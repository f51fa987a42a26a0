/** Resolves with the name of the first SIGTERM or SIGINT; a second one exits at once with 130. */
export function shutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    let received = false
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) {
        process.stderr.write(`queue: second ${signal}, exiting without waiting for running jobs\n`)
        process.exit(130)
      }
      received = true
      resolve(signal)
    }
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
  })
}
