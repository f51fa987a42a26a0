/** Reading request bodies with a byte limit, and parsing JSON bodies. */
import { HttpError } from './respond.js'

/** Default body limit: 1 MiB, as the issue asks. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'body_too_large', `request body exceeds ${limit} bytes`)
}

/**
 * Reads the whole body as bytes, refusing more than `limit` bytes. A declared Content-Length over
 * the limit is refused before a byte is read; a stream that lies about its length is cut off at the
 * limit.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit)
  if (request.body === null) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** Reads and parses a JSON body; 400 `invalid_json` when it is empty or not JSON. */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const bytes = await readBody(request, limit)
  const text = new TextDecoder().decode(bytes)
  if (text.trim() === '') throw new HttpError(400, 'invalid_json', 'request body is empty; expected JSON')
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `request body is not valid JSON: ${(error as Error).message}`)
  }
}

/** Parses a JSON body that must be an object. */
export async function readJsonObject(request: Request, limit: number): Promise<Record<string, unknown>> {
  const value = await readJson(request, limit)
  if (!isRecord(value)) throw new HttpError(400, 'invalid_field', 'body must be a JSON object')
  return value
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
