/** The job handlers that live inside the Next app, run through the signed job route. */
import { PermanentError } from '@queue/core'
import type { RemoteJobHandler } from '@queue/next'

export interface ReportPayload {
  title: string
}

export interface Report {
  title: string
  words: number
  builtAt: string
}

/** "Builds a report": stands in for slow work (a PDF, an email) that must not block the request. */
export const buildReport: RemoteJobHandler = async (payload: ReportPayload): Promise<Report> => {
  if (typeof payload?.title !== 'string' || payload.title.trim() === '') throw new PermanentError('title is required')
  await new Promise((resolve) => setTimeout(resolve, 200))
  return { title: payload.title, words: payload.title.trim().split(/\s+/).length, builtAt: new Date().toISOString() }
}

/** Every handler by job name; the worker's `remoteHandlers` names the same keys. */
export const handlers = { 'report.build': buildReport }
export const JOB_NAMES = Object.keys(handlers)
