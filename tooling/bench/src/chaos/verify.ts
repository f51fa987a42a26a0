/**
 * The verdict of a chaos run: every job completed, none lost, none active, and every duplicate
 * execution explained — the earlier execution ran in a process that was then SIGKILLed (or died),
 * or it was in flight when the database connections were cut.
 */

export interface Execution {
  jobId: string
  attempt: number
  pid: number
  /** Milliseconds since epoch; SQLite ledgers have no time (kills are matched by pid alone). */
  at?: number
}

export interface Death {
  pid: number
  at: number
  cause: 'kill' | 'crash'
}

export interface ChaosCounts {
  jobs: number
  completed: number
  active: number
  /** Jobs in any other state (ready, retry, failed, ...), by state. */
  other: Record<string, number>
  /** Jobs the store no longer has at all. */
  lost: number
  executions: number
  duplicates: number
  explainedByKill: number
  explainedByCrash: number
  explainedByCut: number
  unexplained: number
  /** Completed jobs with no ledger line: ran without our handler, or the ledger lost a write. */
  completedWithoutExecution: number
  kills: number
  crashes: number
  cuts: number
}

export interface Verdict {
  ok: boolean
  counts: ChaosCounts
  problems: string[]
  /** A few unexplained duplicates, for the report. */
  examples: Execution[][]
}

export interface VerifyInput {
  jobs: number
  ids: readonly string[]
  stateCounts: Record<string, number>
  executions: readonly Execution[]
  deaths: readonly Death[]
  cuts: readonly number[]
  leaseMs: number
}

export function verify(input: VerifyInput): Verdict {
  const byJob = new Map<string, Execution[]>()
  for (const e of input.executions) {
    const list = byJob.get(e.jobId) ?? []
    list.push(e)
    byJob.set(e.jobId, list)
  }
  const deathOf = new Map(input.deaths.map((d) => [d.pid, d]))
  let duplicates = 0
  let byKill = 0
  let byCrash = 0
  let byCut = 0
  let unexplained = 0
  const examples: Execution[][] = []
  for (const list of byJob.values()) {
    if (list.length < 2) continue
    list.sort((a, b) => a.attempt - b.attempt || (a.at ?? 0) - (b.at ?? 0))
    // Every execution but the last one was interrupted; each needs a cause.
    for (const e of list.slice(0, -1)) {
      duplicates++
      const death = deathOf.get(e.pid)
      const diedAfter = death && (e.at === undefined || death.at >= e.at - 1_000)
      const cutDuring = input.cuts.some((cut) => e.at === undefined || (cut >= e.at - 1_000 && cut <= e.at + input.leaseMs * 3 + 10_000))
      if (diedAfter && death.cause === 'kill') byKill++
      else if (diedAfter) byCrash++
      else if (cutDuring && input.cuts.length > 0) byCut++
      else {
        unexplained++
        if (examples.length < 5) examples.push(list)
      }
    }
  }
  const completed = input.stateCounts.completed ?? 0
  const active = input.stateCounts.active ?? 0
  const other = Object.fromEntries(Object.entries(input.stateCounts).filter(([s, n]) => s !== 'completed' && s !== 'active' && n > 0))
  const present = Object.values(input.stateCounts).reduce((a, b) => a + b, 0)
  const completedWithoutExecution = input.ids.filter((id) => !byJob.has(id)).length
  const counts: ChaosCounts = {
    jobs: input.jobs,
    completed,
    active,
    other,
    lost: Math.max(0, input.jobs - present),
    executions: input.executions.length,
    duplicates,
    explainedByKill: byKill,
    explainedByCrash: byCrash,
    explainedByCut: byCut,
    unexplained,
    completedWithoutExecution,
    kills: input.deaths.filter((d) => d.cause === 'kill').length,
    crashes: input.deaths.filter((d) => d.cause === 'crash').length,
    cuts: input.cuts.length,
  }
  const problems: string[] = []
  if (completed !== input.jobs) problems.push(`${input.jobs - completed} of ${input.jobs} jobs not completed`)
  if (counts.lost > 0) problems.push(`${counts.lost} jobs lost`)
  if (active > 0) problems.push(`${active} jobs left active`)
  if (Object.keys(other).length > 0) problems.push(`jobs in other states: ${JSON.stringify(other)}`)
  if (unexplained > 0) problems.push(`${unexplained} duplicate executions not explained by a kill or the cut`)
  if (completedWithoutExecution > 0) problems.push(`${completedWithoutExecution} jobs have no execution in the ledger`)
  return { ok: problems.length === 0, counts, problems, examples }
}

export function verdictLine(label: string, verdict: Verdict, seconds: number): string {
  const c = verdict.counts
  const head = verdict.ok ? 'PASS' : `FAIL (${verdict.problems.join('; ')})`
  return (
    `chaos ${label}: ${head} — ${c.jobs} jobs, ${c.completed} completed, ${c.lost} lost, ${c.active} active, ` +
    `${c.executions} executions, ${c.duplicates} duplicates (kill ${c.explainedByKill}, crash ${c.explainedByCrash}, cut ${c.explainedByCut}, unexplained ${c.unexplained}), ` +
    `${c.kills} kills, ${c.crashes} crashes, ${c.cuts} connection cut(s), ${seconds.toFixed(1)} s`
  )
}
