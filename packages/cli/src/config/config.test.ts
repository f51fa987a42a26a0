import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { UsageError } from '../errors.js'
import { loadConfig, parseConfig } from './file.js'
import { mergeHooks, parseHookFlag, parseHooksSection } from './hooks.js'

describe('--hook NAME[=FORWARD_URL]', () => {
  it('declares a hook left for handlers', () => expect(parseHookFlag('bitrix')).toEqual(['bitrix', {}]))
  it('declares a forwarding hook', () =>
    expect(parseHookFlag('github=https://ci.example/hook?x=1')).toEqual(['github', { forward: 'https://ci.example/hook?x=1' }]))
  it('rejects bad names and non-http forward URLs', () => {
    expect(() => parseHookFlag('bad/name')).toThrow(UsageError)
    expect(() => parseHookFlag('=http://x')).toThrow(/invalid hook name/)
    expect(() => parseHookFlag('a=ftp://x')).toThrow(/http\(s\)/)
    expect(() => parseHookFlag('a=not a url')).toThrow(/invalid forward URL/)
  })
})

describe('the hooks section', () => {
  it('accepts every optional field', () => {
    expect(parseHooksSection({ gh: { forward: 'http://127.0.0.1/x', secret: 's', signatureHeader: 'X-Sig' }, plain: {} }, 'f.json')).toEqual({
      gh: { forward: 'http://127.0.0.1/x', secret: 's', signatureHeader: 'X-Sig' },
      plain: {},
    })
  })
  it('names the file, hook and field of a mistake', () => {
    expect(() => parseHooksSection({ gh: { secrett: 'x' } }, 'f.json')).toThrow(/f\.json: hooks\.gh\.secrett is not a hook setting/)
    expect(() => parseHooksSection({ gh: { secret: 1 } }, 'f.json')).toThrow(/hooks\.gh\.secret must be a non-empty string/)
    expect(() => parseHooksSection([], 'f.json')).toThrow(/"hooks" must be an object/)
  })
  it('lets a flag set the forward URL of a configured hook and keeps its secret', () => {
    expect(mergeHooks({ gh: { secret: 's' } }, ['gh=http://127.0.0.1:9/x', 'other'])).toEqual({
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

  it('reads server settings and hooks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'queue-cli-config-'))
    dirs.push(dir)
    const path = join(dir, 'queue.config.json')
    await writeFile(path, JSON.stringify({ port: 4000, maxThreads: 5, hooks: { gh: { secret: 'x' } } }))
    expect(await loadConfig(path)).toEqual({ port: 4000, maxThreads: 5, hooks: { gh: { secret: 'x' } } })
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
  })
})
