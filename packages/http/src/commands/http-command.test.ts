import { PermanentError } from '@queue/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EchoServer, startEchoServer } from '../../test/echo-server.js'
import { runHttpCommand } from './http-command.js'
import type { HttpCommand } from './spec.js'

let server: EchoServer
beforeAll(async () => {
  server = await startEchoServer()
})
afterAll(() => server.close())

const run = (command: Omit<HttpCommand, 'type'>, signal = new AbortController().signal) =>
  runHttpCommand({ type: 'http', ...command }, { signal, fetch })

describe('the http command', () => {
  it('sends GET params as a query string and stores status, kept headers and body', async () => {
    const result = await run({ url: `${server.url}/echo?a=1`, method: 'GET', params: { username: 'michael', tags: ['x', 'y'] }, headers: { 'x-app': 'demo' } })
    expect(result.status).toBe(200)
    expect(result.truncated).toBe(false)
    expect(result.headers['content-type']).toBe('application/json')
    expect(result.headers.etag).toBe('"v1"')
    expect(result.headers['x-secret-internal']).toBeUndefined()
    const echoed = JSON.parse(result.body)
    expect(echoed.method).toBe('GET')
    expect(echoed.url).toBe('/echo?a=1&username=michael&tags=x&tags=y')
    expect(echoed.headers['x-app']).toBe('demo')
    expect(echoed.body).toBe('')
  })

  it('sends params as a JSON body for other methods', async () => {
    const result = await run({ url: `${server.url}/echo`, method: 'POST', params: { a: 1, nested: { b: true } } })
    const echoed = JSON.parse(result.body)
    expect(echoed.method).toBe('POST')
    expect(echoed.headers['content-type']).toBe('application/json')
    expect(JSON.parse(echoed.body)).toEqual({ a: 1, nested: { b: true } })
  })

  it('sends a raw base64 body as-is', async () => {
    const result = await run({ url: `${server.url}/echo`, method: 'POST', headers: { 'content-type': 'text/plain' }, bodyBase64: Buffer.from('raw bytes').toString('base64') })
    expect(JSON.parse(result.body)).toMatchObject({ body: 'raw bytes', headers: { 'content-type': 'text/plain' } })
  })

  it('throws a permanent error for a 4xx answer', async () => {
    const error = await run({ url: `${server.url}/status/404` }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PermanentError)
    expect((error as Error).message).toContain('404')
    await expect(run({ url: `${server.url}/status/400`, method: 'POST' })).rejects.toBeInstanceOf(PermanentError)
  })

  it('throws a temporary error for 5xx, 429 and network errors', async () => {
    for (const code of [500, 503, 429]) {
      const error = await run({ url: `${server.url}/status/${code}` }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Error)
      expect(error).not.toBeInstanceOf(PermanentError)
      expect((error as Error).message).toContain(String(code))
    }
    const refused = await run({ url: 'http://127.0.0.1:1/' }).catch((e: unknown) => e)
    expect(refused).not.toBeInstanceOf(PermanentError)
    expect((refused as Error).message).toMatch(/failed/)
  })

  it('times out after `timeout` seconds with a temporary error', async () => {
    const started = Date.now()
    const error = await run({ url: `${server.url}/slow`, timeout: 0.2 }).catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(PermanentError)
    expect((error as Error).message).toContain('timed out after 0.2 s')
    expect(Date.now() - started).toBeLessThan(4000)
  })

  it('stops when the job signal aborts', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('cancelled')), 50)
    const error = await run({ url: `${server.url}/slow` }, controller.signal).catch((e: unknown) => e)
    expect((error as Error).message).toContain('aborted')
  })

  it('truncates bodies over 64 KiB', async () => {
    const result = await run({ url: `${server.url}/big` })
    expect(result.truncated).toBe(true)
    expect(result.body.length).toBe(64 * 1024)
  })
})
