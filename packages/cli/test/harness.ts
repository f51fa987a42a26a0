/** Helpers for tests that run the real `queue` binary (dist/bin.js) as a child process. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js')

/** A running `queue` child with its output collected. */
export interface QueueProcess {
  child: ChildProcessWithoutNullStreams
  stdout(): string
  stderr(): string
  /** Resolves with the exit code (or 128 + signal number style code from a kill). */
  exited: Promise<number>
}

export function runQueue(args: string[], env: NodeJS.ProcessEnv = {}): QueueProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, QUEUE_DB: '', QUEUE_TOKEN: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))))
  return { child, stdout: () => out, stderr: () => err, exited }
}

/** Runs `queue <args>` to completion. */
export async function queueCommand(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = runQueue(args, env)
  const code = await run.exited
  return { code, stdout: run.stdout(), stderr: run.stderr() }
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Starts `queue server` and resolves with its base URL once it printed the listening line. */
export async function startServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<QueueProcess & { url: string }> {
  const server = runQueue(['server', '--port', '0', ...args], env)
  const url = await Promise.race([
    until(() => /listening on (http:\/\/\S+)/.exec(server.stdout())?.[1], 'the server to listen'),
    server.exited.then((code) => {
      throw new Error(`queue server exited ${code}: ${server.stderr()}`)
    }),
  ])
  return Object.assign(server, { url })
}

/** One request the echo server received. */
export interface Received {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
}

/**
 * A local target for http commands: records every request and answers 200 with a JSON echo.
 * `/slow?ms=N` answers after N ms; `/fail` answers 500.
 */
export async function echoServer(): Promise<{ url: string; received: Received[]; arrived: string[]; close(): Promise<void> }> {
  const received: Received[] = []
  /** URLs in arrival order, recorded before any delay. */
  const arrived: string[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    arrived.push(request.url ?? '')
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) }
      const url = new URL(entry.url, 'http://x')
      const answer = () => {
        received.push(entry)
        response.writeHead(url.pathname === '/fail' ? 500 : 200, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ ok: true, url: entry.url }))
      }
      const delay = url.pathname === '/slow' ? Number(url.searchParams.get('ms') ?? 500) : 0
      if (delay > 0) setTimeout(answer, delay)
      else answer()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    arrived,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
