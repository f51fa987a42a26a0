import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CliError } from '../errors.js'
import { acquireProcessLock, lockPath } from './process-lock.js'

describe('the queue process lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'queue-lock-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses a second holder for the same database while the first lives', () => {
    const first = acquireProcessLock('sqlite:/a.db', { dir })
    expect(() => acquireProcessLock('sqlite:/a.db', { dir })).toThrow(CliError)
    expect(() => acquireProcessLock('sqlite:/a.db', { dir })).toThrow(/already running for sqlite:\/a\.db \(pid \d+/)
    const other = acquireProcessLock('sqlite:/b.db', { dir })
    other.release()
    first.release()
    const again = acquireProcessLock('sqlite:/a.db', { dir })
    again.release()
    expect(existsSync(again.path)).toBe(false)
  })

  it('takes over a lock whose owner died', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    const path = lockPath('sqlite:/stale.db', dir)
    writeFileSync(path, `${dead.stdout}\nsqlite:/stale.db\n`)
    const lock = acquireProcessLock('sqlite:/stale.db', { dir })
    expect(existsSync(path)).toBe(true)
    lock.release()
    expect(existsSync(path)).toBe(false)
  })
})
