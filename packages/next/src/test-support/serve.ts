/** Serves a `(Request) => Response` handler on a loopback port with node:http, as Next would. */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

async function toRequest(message: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = []
  for await (const chunk of message) chunks.push(chunk as Buffer)
  const headers = new Headers()
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  }
  const body = chunks.length > 0 && message.method !== 'GET' && message.method !== 'HEAD' ? Buffer.concat(chunks) : undefined
  return new Request(new URL(message.url ?? '/', origin), { method: message.method, headers, body })
}

export interface Served {
  url: string
  requests: number
  close(): Promise<void>
}

export async function serve(handler: (request: Request) => Promise<Response>): Promise<Served> {
  let origin = ''
  const served: Served = { url: '', requests: 0, close: async () => {} }
  const server: Server = createServer((message, res) => {
    served.requests++
    void (async () => {
      try {
        const response = await handler(await toRequest(message, origin))
        res.writeHead(response.status, Object.fromEntries(response.headers))
        res.end(Buffer.from(await response.arrayBuffer()))
      } catch (error) {
        res.writeHead(500).end(String(error))
      }
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  served.url = origin
  served.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return served
}
