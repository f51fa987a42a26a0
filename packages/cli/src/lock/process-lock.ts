import { createHash } from 'node:crypto'
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CliError } from '../errors.js'

/** A held lock; `release()` is idempotent. */
export interface ProcessLock {
  path: string
  release(): void
}

/** The lock file for one database, in `dir` (default the OS temp dir), keyed by a hash of the db. */
export function lockPath(key: string, dir = tmpdir()): string {
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 16)
  return join(dir, `queue-process-${digest}.lock`)
}

/**
 * Takes the exclusive `queue process` lock for one database (seed 002: every command is protected
 * against running twice). The file holds the owner's pid; a file whose pid is no longer alive is
 * stale (a killed run) and is taken over.
 */
export function acquireProcessLock(key: string, { dir, command = 'queue process' }: { dir?: string; command?: string } = {}): ProcessLock {
  const path = lockPath(key, dir)
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number
    try {
      fd = openSync(path, 'wx', 0o644)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new CliError(`${command}: cannot create lock file ${path}: ${(error as NodeJS.ErrnoException).code}`)
      }
      const owner = readOwner(path)
      if (owner !== null && isAlive(owner)) {
        throw new CliError(`${command}: already running for ${key} (pid ${owner}, lock ${path})`)
      }
      // Stale: the owner died without cleaning up. Whoever unlinks first and then wins `wx` holds it.
      try {
        unlinkSync(path)
      } catch {}
      continue
    }
    writeSync(fd, `${process.pid}\n${key}\n`)
    closeSync(fd)
    let released = false
    return {
      path,
      release() {
        if (released) return
        released = true
        if (readOwner(path) === process.pid) {
          try {
            unlinkSync(path)
          } catch {}
        }
      },
    }
  }
  throw new CliError(`${command}: could not take the lock ${path}`)
}

function readOwner(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').split('\n')[0] ?? '', 10)
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
