/**
 * The in-process handoff: `queue.add` of a job that an idle Worker of the same store object would
 * claim next stores it already leased to that worker (`insert({ lease })`), and the worker starts
 * it when the insert commits. A pickup at idle is then one commit instead of a commit, a
 * notification and a claim's commit. Workers offer themselves here while they run.
 */
import type { LeasedJob, NewJob } from '../job/job.js'
import type { JobStore } from '../store/port.js'
import { leasableOnInsert } from '../store/validate.js'

/** A free slot an idle worker reserved for one job `queue.add` is inserting. */
export interface HandoffSlot {
  readonly workerId: string
  readonly leaseMs: number
  /** The insert committed with the job leased to this worker: run it. */
  accept(job: LeasedJob): void
  /** The insert failed or leased nothing: the slot is free again. */
  cancel(): void
}

/** A running worker, as the handoff sees it. */
export interface HandoffTaker {
  /** A slot for `job` when this worker would take it now, else null. */
  reserve(job: NewJob): HandoffSlot | null
}

const takers = new WeakMap<JobStore, Set<HandoffTaker>>()

/** Offers `taker` the jobs added to `store` in this process; returns the function that withdraws it. */
export function offerHandoff(store: JobStore, taker: HandoffTaker): () => void {
  let set = takers.get(store)
  if (set === undefined) takers.set(store, (set = new Set()))
  set.add(taker)
  return () => {
    set.delete(taker)
  }
}

/**
 * A slot for `job` in a worker of `store`, or null: the store must lease on insert, and the job
 * must be one a claim would hand out at once without ordering it against others (due, no group,
 * no uniqueKey).
 */
export function handoffSlot(store: JobStore, job: NewJob, now: number): HandoffSlot | null {
  if (store.capabilities?.leasedInsert !== true || !leasableOnInsert(job, now)) return null
  const set = takers.get(store)
  if (set === undefined) return null
  for (const taker of set) {
    const slot = taker.reserve(job)
    if (slot !== null) return slot
  }
  return null
}
