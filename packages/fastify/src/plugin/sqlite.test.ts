import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sqliteStore } from '@queue/sql/sqlite'
import { afterAll, describe, expect, it } from 'vitest'
import { appWith } from '../test/app.js'

const dir = mkdtempSync(join(tmpdir(), 'queue-fastify-sqlite-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the plugin on a SQLite file', () => {
  it('keeps an accepted webhook byte for byte across a restart of the app', async () => {
    const filename = join(dir, 'hooks.db')
    const bytes = Buffer.from([0x7b, 0x00, 0xff, 0x0d, 0x0a, 0xe2, 0x82, 0xac, 0x7d])
    const first = await appWith({ store: sqliteStore({ filename }), hooks: { raw: {} } })
    const response = await first.app.inject({ method: 'POST', url: '/hooks/raw', headers: { 'content-type': 'application/json' }, payload: bytes })
    expect(response.statusCode).toBe(202)
    const id = response.json().id as string
    await first.app.close()

    const second = await appWith({ store: sqliteStore({ filename }), routes: false })
    const job = await second.app.queue.get(id)
    expect(job?.name).toBe('hook.raw')
    expect(Buffer.from((job!.payload as { body: string }).body, 'base64').equals(bytes)).toBe(true)
    await second.app.close()
  })
})
