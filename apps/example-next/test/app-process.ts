/** Starting and stopping the real processes of the example: `next build`, `next start`, the worker. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const appDir = fileURLToPath(new URL('..', import.meta.url))
const nextBin = join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next')

/** A free loopback port, found by letting the OS pick one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

export interface Running {
  child: ChildProcess
  logFile: string
  log(): string
  stop(): Promise<void>
}

/** Spawns `node args...` in the app folder, its output to `logFile`. */
export function run(args: string[], env: NodeJS.ProcessEnv, logFile: string): Running {
  const out = createWriteStream(logFile)
  const child = spawn(process.execPath, args, { cwd: appDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.pipe(out)
  child.stderr?.pipe(out)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    child,
    logFile,
    log: () => {
      try {
        return readFileSync(logFile, 'utf8')
      } catch {
        return ''
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** `next build`, with telemetry off; rejects with the build output on failure. */
export async function nextBuild(env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  const build = run([nextBin, 'build'], env, logFile)
  const code = await new Promise<number | null>((resolve) => build.child.once('exit', (c) => resolve(c)))
  if (code !== 0) throw new Error(`next build exited with ${code}:\n${build.log().slice(-4000)}`)
}

/** `next start` on `port`. */
export function nextStart(port: number, env: NodeJS.ProcessEnv, logFile: string): Running {
  return run([nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], env, logFile)
}

/** Polls `url` until it answers 200, or throws with the server's log. */
export async function waitUntilUp(url: string, server: Running, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`server exited with ${server.child.exitCode}:\n${server.log().slice(-4000)}`)
    try {
      const response = await fetch(url)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not up after ${timeoutMs} ms:\n${server.log().slice(-4000)}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
