#!/usr/bin/env node
import { shutdownSignal } from './commands/signals.js'
import { main } from './main.js'

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  shutdown: shutdownSignal(),
})
// Exit explicitly once output is flushed: a driver's idle pool must not keep a finished command alive.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
