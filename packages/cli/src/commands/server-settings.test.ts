import { describe, expect, it } from 'vitest'
import { CliError } from '../errors.js'
import { parseCommandLine } from '../args/parse.js'
import { serverCommand } from './server.js'
import { checkExposure, isLoopback, resolveServerSettings } from './server-settings.js'

describe('queue server settings', () => {
  it('defaults to SQLite in the working directory on 127.0.0.1:3000 with 20 threads', () => {
    expect(resolveServerSettings({}, {})).toEqual({
      db: 'sqlite:./queue.db',
      tablePrefix: undefined,
      host: '127.0.0.1',
      port: 3000,
      token: undefined,
      maxThreads: 20,
      allowExec: [],
      hooks: {},
      queues: ['default'],
      graceMs: 10_000,
      dashboard: true,
    })
  })
  it('turns the dashboard off with --no-dashboard or dashboard: false in the config file', () => {
    const parse = (argv: string[]) => parseCommandLine<Record<string, unknown>>('queue server', argv, serverCommand.options, 0).values
    expect(resolveServerSettings(parse(['--no-dashboard', '--port', '0']), {}).dashboard).toBe(false)
    expect(resolveServerSettings(parse([]), {}, { dashboard: false }).dashboard).toBe(false)
    expect(resolveServerSettings(parse(['--no-dashboard']), {}, { dashboard: true }).dashboard).toBe(false)
    expect(resolveServerSettings(parse([]), {}, { dashboard: true }).dashboard).toBe(true)
    expect(() => parse(['--no-dashboard=yes'])).toThrow(/--no-dashboard/)
  })
  it('takes flags over env over the config file', () => {
    const config = { db: 'sqlite:/c.db', token: 'from-file', port: 4000, maxThreads: 3, allowExec: ['/bin/c'] }
    expect(resolveServerSettings({}, { QUEUE_DB: 'sqlite:/env.db', QUEUE_TOKEN: 'from-env' }, config)).toMatchObject({
      db: 'sqlite:/env.db',
      token: 'from-env',
      port: 4000,
      maxThreads: 3,
      allowExec: ['/bin/c'],
    })
    expect(
      resolveServerSettings(
        { db: 'sqlite:/flag.db', token: 'from-flag', port: '5000', 'max-threads': '7', 'allow-exec': ['/bin/a,/bin/b'] },
        { QUEUE_DB: 'sqlite:/env.db', QUEUE_TOKEN: 'from-env' },
        config,
      ),
    ).toMatchObject({ db: 'sqlite:/flag.db', token: 'from-flag', port: 5000, maxThreads: 7, allowExec: ['/bin/a', '/bin/b'] })
  })
  it('collects repeatable --hook flags over the config hooks', () => {
    const settings = resolveServerSettings({ hook: ['a', 'b=http://127.0.0.1:1/x'] }, {}, { hooks: { b: { secret: 's' } } })
    expect(settings.hooks).toEqual({ a: {}, b: { secret: 's', forward: 'http://127.0.0.1:1/x' } })
  })
  it("runs only queue default unless --queues (repeatable, comma-separated) or the config's queues widen it", () => {
    const parse = (argv: string[]) => parseCommandLine<Record<string, unknown>>('queue server', argv, serverCommand.options, 0).values
    expect(resolveServerSettings(parse([]), {}).queues).toEqual(['default'])
    expect(resolveServerSettings(parse(['--queues', 'default,mail', '--queues', 'reports']), {}).queues).toEqual(['default', 'mail', 'reports'])
    expect(resolveServerSettings(parse([]), {}, { queues: ['default', 'hooks'] }).queues).toEqual(['default', 'hooks'])
    expect(resolveServerSettings(parse(['--queues', 'mail']), {}, { queues: ['hooks'] }).queues).toEqual(['mail'])
    expect(() => resolveServerSettings(parse(['--queues', 'q'.repeat(256)]), {})).toThrow(/^--queues: /)
  })
  it('rejects a bad port and thread count naming the flag', () => {
    expect(() => resolveServerSettings({ port: 'http' }, {})).toThrow(/--port/)
    expect(() => resolveServerSettings({ 'max-threads': '0' }, {})).toThrow(/--max-threads/)
  })
})

describe('exposure rules', () => {
  const base = resolveServerSettings({}, {})
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(host)).toBe(true)
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'example.com']) expect(isLoopback(host)).toBe(false)
  })
  it('refuses to listen beyond loopback without a token', () => {
    expect(() => checkExposure({ ...base, host: '0.0.0.0' })).toThrow(CliError)
    expect(() => checkExposure({ ...base, host: '0.0.0.0' })).toThrow(/refusing to listen on 0\.0\.0\.0 without a token/)
    expect(() => checkExposure({ ...base, host: '0.0.0.0', token: 't' })).not.toThrow()
  })
  it('refuses to enable exec without a token', () => {
    expect(() => checkExposure({ ...base, allowExec: ['/bin/echo'] })).toThrow(/refusing to enable exec commands without a token/)
    expect(() => checkExposure({ ...base, allowExec: ['/bin/echo'], token: 't' })).not.toThrow()
  })
})
