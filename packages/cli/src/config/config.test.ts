import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mergeHookFlags } from '../commands/server-settings.js'
import { UsageError } from '../errors.js'
import { loadConfig, parseConfig } from './file.js'

describe('--hook NAME[=FORWARD_URL]', () => {
  it('declares a hook left for handlers and a forwarding hook', () => {
    expect(mergeHookFlags({}, ['bitrix', 'github=https://ci.example/hook?x=1'])).toEqual({
      bitrix: {},
      github: { forward: 'https://ci.example/hook?x=1' },
    })
  })
  it('rejects bad names and non-http forward URLs in one line', () => {
    for (const bad of ['bad/name', '=http://x', 'a=ftp://x', 'a=not a url']) {
      expect(() => mergeHookFlags({}, [bad]), bad).toThrow(UsageError)
      expect(() => mergeHookFlags({}, [bad]), bad).toThrow(/^--hook: /)
    }
  })
  it('lets a flag set the forward URL of a configured hook and keeps its secret', () => {
    expect(mergeHookFlags({ gh: { secret: 's' } }, ['gh=http://127.0.0.1:9/x', 'other'])).toEqual({
      gh: { secret: 's', forward: 'http://127.0.0.1:9/x' },
      other: {},
    })
  })
})

describe('the config file', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('reads server settings and a hooks section with every optional field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'queue-cli-config-'))
    dirs.push(dir)
    const path = join(dir, 'queue.config.json')
    const hooks = { gh: { forward: 'http://127.0.0.1/x', secret: 's', signatureHeader: 'X-Sig' }, plain: {} }
    await writeFile(path, JSON.stringify({ port: 4000, maxThreads: 5, dashboard: false, queues: ['default', 'mail'], hooks }))
    expect(await loadConfig(path)).toEqual({ port: 4000, maxThreads: 5, dashboard: false, queues: ['default', 'mail'], hooks })
  })
  it('names the file, hook and field of a mistake in the hooks section', () => {
    expect(() => parseConfig({ hooks: { gh: { secrett: 'x' } } }, 'f.json')).toThrow(/^f\.json: hook "gh": unknown field "secrett"/)
    expect(() => parseConfig({ hooks: { gh: { secret: 1 } } }, 'f.json')).toThrow(/hook "gh": secret must be a string/)
    expect(() => parseConfig({ hooks: [] }, 'f.json')).toThrow(UsageError)
  })
  it('rejects a missing file, invalid JSON and unknown keys in one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'queue-cli-config-'))
    dirs.push(dir)
    await expect(loadConfig(join(dir, 'missing.json'))).rejects.toThrow(/cannot read .*ENOENT/)
    const broken = join(dir, 'broken.json')
    await writeFile(broken, '{ "port": ')
    await expect(loadConfig(broken)).rejects.toThrow(/is not valid JSON/)
    expect(() => parseConfig({ prot: 1 }, 'c.json')).toThrow(/c\.json: unknown key "prot"/)
    expect(() => parseConfig({ port: '3000' }, 'c.json')).toThrow(/"port" must be a whole number/)
    expect(() => parseConfig({ allowExec: '/bin/true' }, 'c.json')).toThrow(/"allowExec" must be an array/)
    expect(() => parseConfig({ dashboard: 'off' }, 'c.json')).toThrow(/"dashboard" must be true or false/)
    for (const queues of ['default', [], [''], [1]]) {
      expect(() => parseConfig({ queues }, 'c.json')).toThrow(/c\.json: "queues" must be a non-empty array of queue names/)
    }
  })
})
