/**
 * The `exec` command: run an allow-listed program without a shell. The program is resolved to an
 * absolute path (a bare name through PATH) and compared, symlinks resolved, with the resolved
 * allow-list, so `/bin/echo` and `/usr/bin/echo` on a merged-/usr system are the same program.
 */
import { spawn } from 'node:child_process'
import { constants } from 'node:fs'
import { access, realpath } from 'node:fs/promises'
import path from 'node:path'
import { PermanentError } from '@queue/core'
import type { ExecCommand } from './spec.js'

/** Default `timeout` of an exec command: 300 s. */
export const DEFAULT_EXEC_TIMEOUT_SECONDS = 300
/** stdout and stderr are each stored up to 64 KiB. */
export const MAX_STORED_OUTPUT = 64 * 1024
/** After SIGTERM a program gets 5 s to exit before SIGKILL. */
const KILL_GRACE_MS = 5000

/** The result stored on a completed exec job. */
export interface ExecCommandResult {
  exitCode: number
  stdout: string
  stderr: string
  /** True when stdout or stderr was longer than 64 KiB and was cut. */
  truncated: boolean
}

export interface RunExecOptions {
  signal: AbortSignal
  /** Program paths (or bare names found through PATH) that may run. Empty: nothing may run. */
  allowExec: readonly string[]
  /** Extra environment variables for the program (callback jobs name their parent this way). */
  env?: Record<string, string>
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The absolute path a program name refers to (through PATH for a bare name), or null. */
export async function locateProgram(program: string): Promise<string | null> {
  if (program.includes('/')) {
    const absolute = path.resolve(program)
    return (await isExecutable(absolute)) ? absolute : null
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue
    const candidate = path.join(dir, program)
    if (await isExecutable(candidate)) return candidate
  }
  return null
}

async function canonical(program: string): Promise<string | null> {
  const located = await locateProgram(program)
  if (located === null) return null
  try {
    return await realpath(located)
  } catch {
    return null
  }
}

/** True when `program` resolves to one of the allow-listed programs. */
export async function isAllowed(program: string, allowExec: readonly string[]): Promise<boolean> {
  const target = await canonical(program)
  if (target === null) return false
  for (const entry of allowExec) {
    if ((await canonical(entry)) === target) return true
  }
  return false
}

function collector(limit: number): { push(chunk: Buffer): void; text(): string; truncated(): boolean } {
  const chunks: Buffer[] = []
  let size = 0
  let cut = false
  return {
    push(chunk) {
      if (size >= limit) {
        cut = true
        return
      }
      chunks.push(chunk)
      size += chunk.byteLength
      if (size > limit) cut = true
    },
    text: () => Buffer.concat(chunks).subarray(0, limit).toString('utf8'),
    truncated: () => cut,
  }
}

/**
 * Runs an exec command. Exit 0 resolves with the result; another exit code, a signal or a timeout
 * throws a plain Error (retried); a program outside the allow-list or one that cannot be started
 * throws `PermanentError`.
 */
export async function runExecCommand(command: ExecCommand, options: RunExecOptions): Promise<ExecCommandResult> {
  const argv = typeof command.cmd === 'string' ? [command.cmd] : command.cmd
  const program = argv[0] as string
  if (options.allowExec.length === 0) {
    throw new PermanentError(`exec is disabled: no program is allowed (refused ${program}); list programs in allowExec / --allow-exec`)
  }
  if (!(await isAllowed(program, options.allowExec))) {
    throw new PermanentError(`program ${program} is not in the exec allow-list`)
  }
  const file = (await locateProgram(program)) as string
  const seconds = command.timeout ?? DEFAULT_EXEC_TIMEOUT_SECONDS
  if (options.signal.aborted) throw new Error(`${program} aborted before it started: ${String(options.signal.reason ?? 'job signal')}`)

  return await new Promise<ExecCommandResult>((resolve, reject) => {
    const child = spawn(file, argv.slice(1), {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    })
    const stdout = collector(MAX_STORED_OUTPUT)
    const stderr = collector(MAX_STORED_OUTPUT)
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))

    let stopReason: string | null = null
    let killTimer: NodeJS.Timeout | undefined
    const stop = (reason: string): void => {
      if (stopReason !== null) return
      stopReason = reason
      child.kill('SIGTERM')
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS)
      killTimer.unref()
    }
    const timer = setTimeout(() => stop(`timed out after ${seconds} s`), seconds * 1000)
    const onAbort = (): void => stop(`aborted: ${String(options.signal.reason ?? 'job signal')}`)
    options.signal.addEventListener('abort', onAbort, { once: true })
    const cleanup = (): void => {
      clearTimeout(timer)
      if (killTimer) clearTimeout(killTimer)
      options.signal.removeEventListener('abort', onAbort)
    }

    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanup()
      reject(new PermanentError(`cannot run ${program}: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      cleanup()
      const result: ExecCommandResult = {
        exitCode: code ?? -1,
        stdout: stdout.text(),
        stderr: stderr.text(),
        truncated: stdout.truncated() || stderr.truncated(),
      }
      if (stopReason !== null) return reject(new Error(`${program} ${stopReason}`))
      if (code === 0) return resolve(result)
      const why = code === null ? `killed by ${signal}` : `exited with code ${code}`
      const tail = result.stderr.trim().slice(-500)
      reject(new Error(`${program} ${why}${tail ? `: ${tail}` : ''}`))
    })
  })
}
