/** JSON answers and the one error type every route throws for a bad request. */

/** A request the API refuses; rendered as `{ error: { code, message } }` with `status`. */
export class HttpError extends Error {
  override readonly name = 'HttpError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

/** A 400 naming the field that was wrong. */
export function invalidField(field: string, problem: string): HttpError {
  return new HttpError(400, 'invalid_field', `${field} ${problem}`)
}

/** A JSON response; `undefined` bodies become an empty 204-style answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  if (body === undefined) return new Response(null, { status, headers })
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  })
}

/** The REST error shape. */
export function errorResponse(error: HttpError): Response {
  return json(error.status, { error: { code: error.code, message: error.message } }, error.headers)
}
