/**
 * The wire format between `remoteHandlers` (the worker side) and `createJobRoute` (the Next side).
 *
 * Request: `POST` with a JSON body `RemoteJobRequest`, signed (see signature.ts).
 * Answers: 200 `{ result }`; 503 `{ error: { code: 'wait', delayMs } }` for a WaitError (the attempt
 * does not count); 4xx `{ error }` for a permanent failure (unknown job name, PermanentError, bad
 * request, bad signature); 5xx `{ error }` for a temporary failure, retried with backoff.
 */

/** The job as the route sees it. */
export interface RemoteJob {
  id: string
  name: string
  queue: string
  /** The attempt now running, 1 for the first. */
  attempt: number
  maxAttempts: number
}

export interface RemoteJobRequest {
  job: RemoteJob
  payload: unknown
}

export interface RemoteJobError {
  code: string
  message: string
  delayMs?: number
}

export type RemoteJobResponse = { result: unknown } | { error: RemoteJobError }
