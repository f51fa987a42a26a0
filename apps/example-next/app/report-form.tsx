'use client'
import { useActionState, useEffect, useState } from 'react'
import { enqueueReport, type EnqueueState } from './actions'

interface JobView {
  state: string
  result: { title: string; words: number } | null
  lastError: string | null
}

const FINISHED = new Set(['completed', 'failed', 'cancelled'])

/** Enqueues a report and shows its job's state until it finishes. */
export function ReportForm() {
  const [enqueued, submit, pending] = useActionState<EnqueueState, FormData>(enqueueReport, { id: null, error: null })
  const [job, setJob] = useState<JobView | null>(null)

  useEffect(() => {
    if (enqueued.id === null) return
    let stopped = false
    setJob(null)
    const poll = async () => {
      const response = await fetch(`/api/reports/${encodeURIComponent(enqueued.id as string)}`, { cache: 'no-store' })
      if (stopped) return
      if (response.ok) {
        const next = (await response.json()) as JobView
        setJob(next)
        if (FINISHED.has(next.state)) return
      }
      setTimeout(poll, 300)
    }
    void poll()
    return () => {
      stopped = true
    }
  }, [enqueued.id])

  return (
    <section>
      <form action={submit}>
        <label>
          Report title <input name="title" required placeholder="Weekly sales" />
        </label>{' '}
        <button type="submit" disabled={pending}>
          Build report
        </button>
      </form>
      {enqueued.error && <p role="alert" data-testid="form-error">{enqueued.error}</p>}
      {enqueued.id && (
        <p>
          Job <code data-testid="job-id">{enqueued.id}</code>: <strong data-testid="job-state">{job?.state ?? 'queued'}</strong>
        </p>
      )}
      {job?.result && (
        <p data-testid="job-result">
          “{job.result.title}” has {job.result.words} word(s).
        </p>
      )}
      {job?.lastError && <p data-testid="job-error">{job.lastError}</p>}
    </section>
  )
}
