import { PermanentError } from '@queue/core'
import { describe, expect, it } from 'vitest'
import { isAllowed, runExecCommand } from './exec-command.js'

const allowExec = ['/bin/echo', '/bin/false', '/bin/sleep']
const run = (cmd: string | string[], options: { timeout?: number; signal?: AbortSignal; allow?: string[] } = {}) =>
  runExecCommand(
    { type: 'exec', cmd, ...(options.timeout === undefined ? {} : { timeout: options.timeout }) },
    { signal: options.signal ?? new AbortController().signal, allowExec: options.allow ?? allowExec },
  )

describe('the exec command', () => {
  it('runs an allowed program with its argv and stores exit code and output', async () => {
    const result = await run(['/bin/echo', 'hello', 'world'])
    expect(result).toEqual({ exitCode: 0, stdout: 'hello world\n', stderr: '', truncated: false })
  })

  it('runs a single program path as in seed 001', async () => {
    expect((await run('/bin/echo')).stdout).toBe('\n')
  })

  it('never uses a shell: metacharacters are plain arguments', async () => {
    const result = await run(['/bin/echo', 'a; rm -rf / && $(whoami) `id` | cat'])
    expect(result.stdout).toBe('a; rm -rf / && $(whoami) `id` | cat\n')
  })

  it('matches the allow-list by resolved path, through PATH and symlinks', async () => {
    expect(await isAllowed('echo', ['/bin/echo'])).toBe(true)
    expect(await isAllowed('/usr/bin/echo', ['/bin/echo'])).toBe(true)
    expect(await isAllowed('/bin/../bin/echo', ['echo'])).toBe(true)
    expect((await run(['echo', 'via PATH'])).stdout).toBe('via PATH\n')
  })

  it('refuses a program outside the allow-list with a permanent error naming it', async () => {
    const error = await run(['/bin/ls', '/']).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PermanentError)
    expect((error as Error).message).toContain('/bin/ls')
    await expect(run('/bin/sh')).rejects.toBeInstanceOf(PermanentError)
    await expect(run('/no/such/program')).rejects.toBeInstanceOf(PermanentError)
  })

  it('refuses everything when the allow-list is empty', async () => {
    const error = await run(['/bin/echo', 'x'], { allow: [] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PermanentError)
    expect((error as Error).message).toContain('exec is disabled')
  })

  it('throws a temporary error for a non-zero exit', async () => {
    const error = await run('/bin/false').catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(PermanentError)
    expect((error as Error).message).toContain('exited with code 1')
  })

  it('kills a program that outlives its timeout', async () => {
    const started = Date.now()
    const error = await run(['/bin/sleep', '10'], { timeout: 0.2 }).catch((e: unknown) => e)
    expect((error as Error).message).toContain('timed out after 0.2 s')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('kills a program when the job signal aborts', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('cancelled')), 50)
    const error = await run(['/bin/sleep', '10'], { signal: controller.signal }).catch((e: unknown) => e)
    expect((error as Error).message).toContain('aborted')
  })

  it('truncates output over 64 KiB', async () => {
    const result = await run(['/bin/echo', 'y'.repeat(100 * 1024)])
    expect(result.truncated).toBe(true)
    expect(result.stdout.length).toBe(64 * 1024)
  })
})
