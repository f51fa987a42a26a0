/**
 * The `http` and `exec` job handlers, and their callbacks.
 *
 * Callbacks are enqueued by the handler itself, not by worker events: `callback_done` is added
 * after the command succeeded and before the handler returns, `callback_failed` when the command
 * failed for the last time (a PermanentError, or the last attempt, as core's `judgeFailure` decides; not
 * when the worker gave the job back on shutdown or lost it to a cancel). Because the insert happens
 * before the worker settles the job, a crash between the two leaves the callback stored; the
 * callback is then its own durable job with its own retries. A uniqueKey per parent and outcome
 * keeps a re-run parent from queueing a second callback while the first is unfinished.
 */
import type { Job } from '@queue/core'
import { judgeFailure, PermanentError } from '@queue/core'
import type { CommandContext, CommandHandler, QueueApi } from '../queue-api.js'
import { runExecCommand } from './exec-command.js'
import { runHttpCommand } from './http-command.js'
import type { Command, CommandPayload } from './spec.js'
import { FieldError, parseCommandPayload } from './spec.js'

/** Options of `commandHandlers`. */
export interface CommandHandlersOptions {
  /** Where callback jobs are enqueued. */
  queue: QueueApi
  /** Programs the exec command may run (absolute paths, or bare names found through PATH). Default: none. */
  allowExec?: readonly string[]
  /** The fetch used by the http command; default the global fetch. */
  fetch?: typeof fetch
}

/** The handlers to register on a Worker: `{ http, exec }` (a type alias, so it fits `Record<string, handler>`). */
export type CommandHandlers = {
  http: CommandHandler
  exec: CommandHandler
}

/** Signal reasons after which the worker does not fail the job: it released it (shutdown) or lost it (cancel). */
const NOT_A_FAILURE = new Set(['ShutdownError', 'LeaseLostError'])

/** True when the worker will mark the job `failed` after this error (the same judgement the Worker makes). */
function isFinalFailure(error: unknown, ctx: CommandContext): boolean {
  const reason: unknown = ctx.signal.aborted ? ctx.signal.reason : undefined
  if (reason instanceof Error && NOT_A_FAILURE.has(reason.name)) return false
  return judgeFailure(error, ctx.job).verdict.type === 'fail'
}

/** The job name and payload of the callback job for `parent`'s outcome. */
export function callbackJob(
  parent: Job,
  payload: CommandPayload,
  state: 'completed' | 'failed',
): { name: string; payload: CommandPayload; options: { queue: string; priority: number; uniqueKey: string; maxAttempts: number; backoff: Job['backoff'] } } | null {
  const callback = state === 'completed' ? payload.callback_done : payload.callback_failed
  if (callback === undefined) return null
  const callbackPayload: CommandPayload = { command: callback, parent: { id: parent.id, name: parent.name, state } }
  if (payload.context !== undefined) callbackPayload.context = payload.context
  return {
    name: callback.type,
    payload: callbackPayload,
    // A callback inherits its parent's queue, priority and retry policy.
    options: {
      queue: parent.queue,
      priority: parent.priority,
      uniqueKey: `callback:${parent.id}:${state}`,
      maxAttempts: parent.maxAttempts,
      backoff: parent.backoff,
    },
  }
}

/**
 * Handlers for the seed-001 commands, to pass to a Worker (`handlers: { ...commandHandlers({ queue }) }`).
 * A job named `http` or `exec` carries a `CommandPayload`; an invalid payload fails permanently.
 */
export function commandHandlers(options: CommandHandlersOptions): CommandHandlers {
  const allowExec = options.allowExec ?? []
  const fetchImpl = options.fetch ?? globalThis.fetch

  async function run(command: Command, payload: CommandPayload, ctx: CommandContext): Promise<unknown> {
    const parent = payload.parent
    if (command.type === 'http') {
      const headers: Record<string, string> = {}
      if (parent) Object.assign(headers, { 'x-queue-job-id': parent.id, 'x-queue-job-state': parent.state })
      return await runHttpCommand(command, { signal: ctx.signal, fetch: fetchImpl, headers })
    }
    const env: Record<string, string> = {}
    if (parent) Object.assign(env, { QUEUE_JOB_ID: parent.id, QUEUE_JOB_STATE: parent.state })
    return await runExecCommand(command, { signal: ctx.signal, allowExec, env })
  }

  async function enqueueCallback(job: Job, payload: CommandPayload, state: 'completed' | 'failed'): Promise<void> {
    const callback = callbackJob(job, payload, state)
    if (callback !== null) await options.queue.add(callback.name, callback.payload, callback.options)
  }

  function handler(type: Command['type']): CommandHandler {
    return async (raw, ctx) => {
      let payload: CommandPayload
      try {
        payload = parseCommandPayload(raw)
      } catch (error) {
        if (error instanceof FieldError) throw new PermanentError(`invalid ${type} job payload: ${error.message}`)
        throw error
      }
      if (payload.command.type !== type) {
        throw new PermanentError(`a job named ${type} needs command.type "${type}", got "${payload.command.type}"`)
      }
      let result: unknown
      try {
        result = await run(payload.command, payload, ctx)
      } catch (error) {
        if (isFinalFailure(error, ctx)) await enqueueCallback(ctx.job, payload, 'failed')
        throw error
      }
      await enqueueCallback(ctx.job, payload, 'completed')
      return result
    }
  }

  return { http: handler('http'), exec: handler('exec') }
}
