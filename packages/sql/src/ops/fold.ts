import type { ClaimParams, LeasedJob, Outcome } from '@queue/core'
import type { Executor } from '../executor.js'
import { Bind } from '../store/bind.js'
import { isRetryable, isUniqueViolation, retryDeadlocks } from '../store/errors.js'
import type { Names } from '../store/names.js'
import { CLAIM_ATTEMPTS, claimJobs, claimPostgres, leased, leaseOf, lockToken } from './claim.js'
import { appliedFromSummary, applyChanges, prepareSettle, settlePostgres, settleSummary, type Settled } from './settle.js'

/** What `settleAndClaim` did: the settle's answer and the newly leased jobs. */
export interface SettledAndClaimed extends Settled {
  claimed: LeasedJob[]
}

/**
 * Settles the last batch and claims the next in one commit instead of two (DESIGN.md: "fold the
 * settle of the last batch into the claim of the next"). postgres: one statement, the settle
 * function driving a LATERAL claim (one snapshot, so a job released here is claimable next time);
 * sqlite and mysql: one transaction.
 */
export async function settleAndClaim(executor: Executor, n: Names, outcomes: readonly Outcome[], params: ClaimParams, now: number): Promise<SettledAndClaimed> {
  const batch = prepareSettle(outcomes)
  if (n.dialect !== 'postgres' || batch.changes.length === 0 || params.limit === 0) {
    // A deadlock victim was rolled back whole, settle and claim: both go again.
    return retryDeadlocks(() =>
      executor.transaction(async (tx) => {
        const done = await applyChanges(tx, n, batch.changes, now)
        return { ...batch.finish(done), claimed: await claimJobs(tx, n, params, now, true) }
      }),
    )
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const token = lockToken()
      const b = new Bind('postgres')
      const settle = settlePostgres(n, b, batch.changes, now)
      const summary = settleSummary(b, batch.changes.length)
      const claim = claimPostgres(n, b, params, now, token)
      const sql = `WITH settled AS (${settle}), summary AS (SELECT ${summary} AS answer)
SELECT CASE WHEN row_number() OVER () = 1 THEN summary.answer END AS queue_settled, c.* FROM summary LEFT JOIN LATERAL (${claim}) c ON true`
      // The settle's summary (`settleSummary`) rides on the first row only.
      const { rows } = await executor.query(sql, b.values)
      const done = appliedFromSummary(rows[0]?.queue_settled)
      return { ...batch.finish(done), claimed: leased(rows.filter((row) => row.id !== null && row.id !== undefined), leaseOf(params, now, token)) }
    } catch (error) {
      if (attempt >= CLAIM_ATTEMPTS || !(isUniqueViolation(error) || isRetryable(error))) throw error
    }
  }
}
