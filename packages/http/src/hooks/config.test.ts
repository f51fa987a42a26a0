import { describe, expect, it } from 'vitest'
import { HookConfigError, parseHookConfig, parseHookFlag } from './config.js'

describe('hook declarations', () => {
  it('parses --hook NAME and --hook NAME=URL', () => {
    expect(parseHookFlag('bitrix')).toEqual(['bitrix', {}])
    expect(parseHookFlag('gh=https://ci.example.com/in?x=1')).toEqual(['gh', { forward: 'https://ci.example.com/in?x=1' }])
  })

  it('reads a config file section, and lets a flag set forward on a configured hook', () => {
    const hooks = parseHookConfig({
      config: { github: { secret: 's', signatureHeader: 'X-Hub-Signature-256' }, plain: {}, relay: 'http://127.0.0.1:8080/x' },
      flags: ['github=https://example.com/gh', 'extra'],
    })
    expect(hooks).toEqual({
      github: { secret: 's', signatureHeader: 'X-Hub-Signature-256', forward: 'https://example.com/gh' },
      plain: {},
      relay: { forward: 'http://127.0.0.1:8080/x' },
      extra: {},
    })
  })

  it.each([
    [{ flags: ['bad name'] }, 'bad name'],
    [{ flags: ['x=not-a-url'] }, 'forward must be an absolute URL'],
    [{ flags: ['x=ftp://host/'] }, 'http or https'],
    [{ config: [] }, 'hooks section'],
    [{ config: { x: 5 } }, 'hook "x" must be an object'],
    [{ config: { x: { secrets: 'typo' } } }, 'unknown field "secrets"'],
    [{ config: { x: { secret: 1 } } }, 'secret must be a string'],
    [{ config: { x: { secret: '' } } }, 'secret must not be empty'],
    [{ config: { x: { signatureEncoding: 'hex2' } } }, 'signatureEncoding'],
  ])('refuses %j with a message mentioning %s', (sources, text) => {
    expect(() => parseHookConfig(sources)).toThrow(HookConfigError)
    expect(() => parseHookConfig(sources)).toThrow(text)
  })
})
