import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { echoServer, queueCommand, startServer, until, type QueueProcess } from './harness.js'

let dir: string
let echo: Awaited<ReturnType<typeof echoServer>>
const running: QueueProcess[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'queue-cli-e2e-'))
  echo = await echoServer()
})
afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL')
  await echo.close()
  rmSync(dir, { recursive: true, force: true })
})

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return { status: response.status, json: await response.json() }
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(url, { headers })
  return { status: response.status, json: await response.json() }
}

describe('queue server (the real binary on a temp SQLite file)', () => {
  it('runs an http job against a local target, calls callback_done and reports it done', async () => {
    const db = `sqlite:${join(dir, 'e2e.db')}`
    const server = await startServer(['--db', db])
    running.push(server)
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.stdout()).toContain(`db ${db}`)
    // The README's first command: starting prints no warning (Fastify deprecations included).
    expect(server.stderr()).not.toMatch(/Warning|Deprecation/)

    const added = await post(`${server.url}/jobs/add`, {
      priority: 800,
      context: 'MyCoolApp',
      command: { type: 'http', url: `${echo.url}/work`, method: 'GET', timeout: 20, params: { username: 'michael' } },
      callback_done: { type: 'http', url: `${echo.url}/done?job=done`, method: 'GET' },
    })
    expect(added.status).toBe(200)
    const id = added.json.data.id as string

    const callback = await until(() => echo.received.find((r) => r.url.startsWith('/done')), 'callback_done to arrive')
    expect(callback.url).toBe('/done?job=done')
    const work = echo.received.find((r) => r.url.startsWith('/work'))
    expect(work?.url).toBe('/work?username=michael')
    expect(echo.received.indexOf(work!)).toBeLessThan(echo.received.indexOf(callback))

    const status = await until(async () => {
      const one = await get(`${server.url}/jobs/status/${id}`)
      return one.json.data.status === 'done' ? one : null
    }, 'the job to be done')
    expect(status.json).toMatchObject({ status: 200, data: { id, status: 'done' } })
    const all = await until(async () => {
      const answer = await get(`${server.url}/jobs/status`)
      return answer.json.data.waiting === 0 && answer.json.data.working === 0 ? answer : null
    }, 'the callback job to finish')
    expect(all.json).toEqual({ status: 200, data: { waiting: 0, working: 0, max_threads: 20, free_threads: 20 } })
    expect((await get(`${server.url}/jobs/status/nope`)).status).toBe(404)
    expect((await get(`${server.url}/healthz`)).status).toBe(200)

    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(server.stdout()).toContain('queue server: stopped')
  })

  it('forwards a declared webhook byte for byte and guards the API with the token', async () => {
    const db = `sqlite:${join(dir, 'hooks.db')}`
    const server = await startServer(['--db', db, '--hook', `bitrix=${echo.url}/forwarded`, '--hook', 'plain'], { QUEUE_TOKEN: 't0ken' })
    running.push(server)
    const body = 'event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=42&auth%5Bdomain%5D=x.bitrix24.ru'
    const unauthorised = await fetch(`${server.url}/hooks/bitrix`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(unauthorised.status).toBe(401)
    const accepted = await fetch(`${server.url}/hooks/bitrix`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer t0ken' },
    })
    expect(accepted.status).toBe(202)
    const forwarded = await until(() => echo.received.find((r) => r.url === '/forwarded'), 'the forwarded webhook')
    expect(forwarded.body.toString('utf8')).toBe(body)
    expect(forwarded.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect((await fetch(`${server.url}/hooks/undeclared`, { method: 'POST', body, headers: { authorization: 'Bearer t0ken' } })).status).toBe(404)
    expect((await get(`${server.url}/jobs/status`)).status).toBe(401)
    server.child.kill('SIGINT')
    expect(await server.exited).toBe(0)
  })

  it('leaves the jobs of a hook without forward ready in queue hooks for your own worker, and still runs http jobs', async () => {
    const db = `sqlite:${join(dir, 'hook-queue.db')}`
    const server = await startServer(['--db', db, '--hook', 'bench'])
    running.push(server)
    expect(server.stdout()).toContain('queues default')
    const hook = await fetch(`${server.url}/hooks/bench`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } })
    expect(hook.status).toBe(202)
    const hookId = ((await hook.json()) as { id: string }).id

    // An http job added after the hook request completing means the worker has polled past the hook job.
    const added = await post(`${server.url}/jobs/add`, { command: { type: 'http', url: `${echo.url}/after-hook`, method: 'GET' } })
    expect(added.status).toBe(200)
    await until(async () => (await get(`${server.url}/jobs/status/${added.json.data.id}`)).json.data.status === 'done', 'the http job to be done')

    const stored = await get(`${server.url}/api/v1/jobs/${hookId}`)
    expect(stored.json.job).toMatchObject({ id: hookId, name: 'hook.bench', queue: 'hooks', state: 'ready', attempts: 0 })
    expect((await get(`${server.url}/api/v1/jobs?state=failed`)).json.jobs).toEqual([])
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
  })

  it('runs the queues named by --queues and leaves the others alone', async () => {
    const db = `sqlite:${join(dir, 'queues.db')}`
    const server = await startServer(['--db', db, '--queues', 'default,mail'])
    running.push(server)
    const add = async (queue: string) => {
      const created = await post(`${server.url}/api/v1/jobs`, { name: 'http', queue, payload: { command: { type: 'http', url: `${echo.url}/q-${queue}`, method: 'GET' } } })
      expect(created.status).toBe(201)
      return created.json.job.id as string
    }
    const other = await add('other')
    const mail = await add('mail')
    const plain = await add('default')
    for (const id of [mail, plain]) {
      await until(async () => (await get(`${server.url}/api/v1/jobs/${id}`)).json.job.state === 'completed', `job ${id} to complete`)
    }
    expect((await get(`${server.url}/api/v1/jobs/${other}`)).json.job).toMatchObject({ queue: 'other', state: 'ready' })
    expect(echo.received.some((r) => r.url === '/q-other')).toBe(false)
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
  })

  it('accepts a signed webhook for a hook with a secret from --config', async () => {
    const { writeFileSync } = await import('node:fs')
    const config = join(dir, 'queue.config.json')
    writeFileSync(config, JSON.stringify({ hooks: { github: { forward: `${echo.url}/github`, secret: 'gh-secret' } } }))
    const server = await startServer(['--db', `sqlite:${join(dir, 'signed.db')}`, '--config', config])
    running.push(server)
    const body = '{"action":"opened"}'
    const signature = `sha256=${createHmac('sha256', 'gh-secret').update(body).digest('hex')}`
    expect((await fetch(`${server.url}/hooks/github`, { method: 'POST', body, headers: { 'x-hub-signature-256': 'sha256=00' } })).status).toBe(401)
    expect((await fetch(`${server.url}/hooks/github`, { method: 'POST', body, headers: { 'x-hub-signature-256': signature } })).status).toBe(202)
    expect((await until(() => echo.received.find((r) => r.url === '/github'), 'the signed webhook')).body.toString()).toBe(body)
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
  })

  it('loses nothing when SIGTERM arrives while jobs run: every accepted job finishes after a restart', async () => {
    const db = `sqlite:${join(dir, 'sigterm.db')}`
    const args = ['--db', db, '--max-threads', '4', '--grace', '200ms']
    const first = await startServer(args)
    running.push(first)
    const ids: string[] = []
    for (let i = 0; i < 24; i++) {
      const added = await post(`${first.url}/jobs/add`, { command: { type: 'http', url: `${echo.url}/slow?ms=400&n=${i}`, method: 'GET' } })
      expect(added.status).toBe(200)
      ids.push(added.json.data.id)
    }
    await until(async () => (await get(`${first.url}/jobs/status`)).json.data.working > 0, 'jobs to be running')

    // Clients keep adding while the signal arrives: every add answered 200 is accepted and must survive.
    let stop = false
    let n = 24
    const accepted: string[] = []
    const clients = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const i = n++
        try {
          const added = await post(`${first.url}/jobs/add`, { command: { type: 'http', url: `${echo.url}/slow?ms=400&n=${i}`, method: 'GET' } })
          if (added.status !== 200) return
          accepted.push(added.json.data.id)
        } catch {
          return // refused or reset: not accepted
        }
      }
    })
    await until(() => accepted.length >= 8, 'adds during the shutdown window')
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    stop = true
    await Promise.all(clients)
    ids.push(...accepted)
    const second = await startServer(args)
    running.push(second)
    for (const id of ids) {
      const answer = await get(`${second.url}/jobs/status/${id}`)
      expect(answer.status, `job ${id} after restart`).toBe(200)
    }
    await until(
      async () => {
        for (const id of ids) if ((await get(`${second.url}/jobs/status/${id}`)).json.data.status !== 'done') return false
        return true
      },
      'every accepted job to be done after the restart',
      30_000,
    )
    for (let i = 0; i < 24; i++) expect(echo.received.some((r) => r.url === `/slow?ms=400&n=${i}`), `request ${i}`).toBe(true)
    expect(ids.length).toBeGreaterThanOrEqual(32)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
  }, 60_000)

  it('runs an exec job of an allowed program once a token is set, and refuses other programs', async () => {
    const server = await startServer(['--db', `sqlite:${join(dir, 'exec.db')}`, '--token', 'tk', '--allow-exec', process.execPath])
    running.push(server)
    const headers = { authorization: 'Bearer tk' }
    const allowed = await post(`${server.url}/jobs/add`, { command: { type: 'exec', cmd: [process.execPath, '-e', 'process.stdout.write("hi from exec")'] } }, headers)
    const refused = await post(`${server.url}/jobs/add`, { command: { type: 'exec', cmd: '/bin/sh' } }, headers)
    const done = await until(async () => {
      const one = await get(`${server.url}/jobs/status/${allowed.json.data.id}`, headers)
      return one.json.data.status === 'done' ? one : null
    }, 'the exec job to be done')
    expect(JSON.stringify(done.json.data.result)).toContain('hi from exec')
    const failed = await until(async () => {
      const one = await get(`${server.url}/jobs/status/${refused.json.data.id}`, headers)
      return one.json.data.status === 'failed' ? one : null
    }, 'the refused exec job to fail')
    expect(failed.json.data.lastError).toMatch(/not in the exec allow-list/)
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
  })

  it('refuses to bind beyond loopback or to enable exec without a token, in one line with exit 1', async () => {
    const open = await queueCommand(['server', '--host', '0.0.0.0', '--port', '0'])
    expect(open.code).toBe(1)
    expect(open.stderr).toBe('queue server: refusing to listen on 0.0.0.0 without a token; set --token or QUEUE_TOKEN (or keep --host 127.0.0.1)\n')
    const exec = await queueCommand(['server', '--allow-exec', '/bin/echo', '--port', '0'])
    expect(exec.code).toBe(1)
    expect(exec.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('prints help and rejects unknown flags', async () => {
    const help = await queueCommand(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/Usage: queue <command>/)
    const serverHelp = await queueCommand(['server', '--help'])
    expect(serverHelp.stdout).toMatch(/--max-threads/)
    const unknown = await queueCommand(['server', '--prot', '3000'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toBe('queue server: unknown option --prot\n')
  })
})
