/** A local `node:http` server on 127.0.0.1 that the http command calls in tests. */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request the server received. */
export interface Received {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export interface EchoServer {
  url: string
  received: Received[]
  close(): Promise<void>
}

/**
 * Routes: `/echo` answers 200 with the request as JSON; `/status/:code` answers that code;
 * `/slow` answers after 5 s; `/big` answers 100 KiB; `/flaky?key=K` fails with 503 twice per key, then 200.
 */
export async function startEchoServer(): Promise<EchoServer> {
  const received: Received[] = []
  const flaky = new Map<string, number>()
  const slow = new Set<NodeJS.Timeout>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const entry: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() }
      received.push(entry)
      const path = (req.url ?? '').split('?')[0] ?? ''
      const status = /^\/status\/(\d{3})$/.exec(path)
      if (status) {
        res.writeHead(Number(status[1]), { 'content-type': 'text/plain' }).end(`status ${status[1]}`)
      } else if (path === '/slow') {
        const timer = setTimeout(() => res.writeHead(200).end('late'), 5000)
        slow.add(timer)
        res.on('close', () => clearTimeout(timer))
      } else if (path === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(100 * 1024))
      } else if (path === '/flaky') {
        const key = new URL(req.url ?? '/', 'http://x').searchParams.get('key') ?? ''
        const seen = (flaky.get(key) ?? 0) + 1
        flaky.set(key, seen)
        if (seen <= 2) res.writeHead(503).end('busy')
        else res.writeHead(200).end('ok')
      } else {
        res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"', 'x-secret-internal': 'no' }).end(JSON.stringify(entry))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of slow) clearTimeout(timer)
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
