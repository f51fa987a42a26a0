import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { Io } from './commands/command.js'
import { COMMANDS, main } from './main.js'

function fakeIo(env: NodeJS.ProcessEnv = {}): Io & { out: () => string; err: () => string } {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  return { stdout, stderr, env, cwd: process.cwd(), shutdown: new Promise(() => {}), out: () => out, err: () => err }
}

describe('queue (command line)', () => {
  it('lists every command in queue --help', async () => {
    const io = fakeIo()
    expect(await main(['--help'], io)).toBe(0)
    for (const command of COMMANDS) expect(io.out()).toContain(`  ${command.name}`)
  })

  it('prints each command help with --help, -h and queue help <command>', async () => {
    for (const command of COMMANDS) {
      const io = fakeIo()
      expect(await main([command.name, '--help'], io)).toBe(0)
      expect(io.out()).toContain(`Usage: queue ${command.name}`)
      const short = fakeIo()
      expect(await main([command.name, '-h'], short)).toBe(0)
      const topic = fakeIo()
      expect(await main(['help', command.name], topic)).toBe(0)
      expect(topic.out()).toBe(io.out())
    }
  })

  it('rejects an unknown command and an unknown flag in one line with exit 2', async () => {
    const io = fakeIo()
    expect(await main(['serve'], io)).toBe(2)
    expect(io.err()).toBe('queue: unknown command "serve" (see queue --help)\n')
    const flag = fakeIo()
    expect(await main(['stats', '--jsn'], flag)).toBe(2)
    expect(flag.err()).toBe('queue stats: unknown option --jsn\n')
    const top = fakeIo()
    expect(await main(['--frobnicate'], top)).toBe(2)
    expect(top.err().trim().split('\n')).toHaveLength(1)
  })

  it('rejects missing values, extra arguments and bad values in one line', async () => {
    const cases: [string[], RegExp][] = [
      [['server', '--port'], /queue server: Option '--port <value>' argument missing/],
      [['cancel'], /queue cancel: give the id/],
      [['cancel', 'a', 'b'], /queue cancel: unexpected argument "b"/],
      [['prune'], /--older-than is required/],
      [['prune', '--older-than', '14'], /--older-than: invalid duration "14"/],
      [['prune', '--older-than', '14d', '--state', 'ready'], /--state: "ready" is not a finished state/],
      [['worker', '--priority', '40-20'], /--priority: range "40-20" is empty/],
      [['worker', '--priority', '-20'], /ambiguous/],
      [['retry'], /give a job id or --all-failed/],
      [['retry', 'x', '--all-failed'], /not both/],
      [['server', '--host', '0.0.0.0'], /refusing to listen on 0\.0\.0\.0 without a token/],
      [['server', '--allow-exec', '/bin/echo'], /refusing to enable exec commands without a token/],
      [['stats', '--db', 'redis://x'], /unsupported database/],
    ]
    for (const [argv, message] of cases) {
      const io = fakeIo()
      const code = await main(argv, io)
      expect(code, argv.join(' ')).toBeGreaterThan(0)
      expect(io.err(), argv.join(' ')).toMatch(message)
      expect(io.err().trim().split('\n'), argv.join(' ')).toHaveLength(1)
    }
  })

  it('exits 1 (not 2) when the server refuses an unsafe setup', async () => {
    const io = fakeIo()
    expect(await main(['server', '--host', '0.0.0.0'], io)).toBe(1)
  })

  it('prints the version', async () => {
    const io = fakeIo()
    expect(await main(['--version'], io)).toBe(0)
    expect(io.out()).toMatch(/^\d+\.\d+\.\d+/)
  })
})
