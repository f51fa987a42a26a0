/**
 * `node dist/analyze.js [system] [jobs]`: where a PostgreSQL drain spends its round trips. Counts the
 * statements this process sends (grouped by their first words), statements and transactions per job,
 * and prints EXPLAIN (ANALYZE, BUFFERS) of the system's claim statement over a fresh backlog.
 * Run it under `node --cpu-prof` for the JavaScript side.
 */
import pg from 'pg'
import { benchJobs } from './scenarios/scenario.js'
import { allSystems } from './systems/index.js'
import { deferred, now, waitFor } from './harness/time.js'
import { pgExec } from './harness/pg.js'

const [name = '@queue-postgres', jobsArg = '20000'] = process.argv.slice(2)
const jobs = Number(jobsArg)
const spec = allSystems.find((s) => s.name === name)
if (!spec) throw new Error(`unknown system ${name}`)

const counts = new Map<string, number>()
const firstOf = new Map<string, { text: string; values: unknown[] }>()
let counting = false
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string; values?: unknown[] }
  const text = typeof first === 'string' ? first : (first?.text ?? '')
  if (counting) {
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 60)
    counts.set(key, (counts.get(key) ?? 0) + 1)
    if (!firstOf.has(key)) firstOf.set(key, { text, values: (typeof first === 'string' ? args[1] : first.values) as unknown[] })
  }
  return original.apply(this, args)
} as typeof pg.Client.prototype.query

const system = spec.create()
await system.setup()
try {
  await system.enqueueMany(benchJobs(jobs))
  let handled = 0
  const all = deferred()
  counting = true
  const t0 = now()
  await system.startWorkers({ concurrency: 10, onJob: () => void (++handled === jobs && all.resolve()) })
  await all.promise
  await waitFor(async () => (await system.unfinished()) === 0, 30_000, 5)
  const seconds = (now() - t0) / 1000
  counting = false
  await system.stopWorkers()
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  console.log(`${name}: ${jobs} jobs in ${seconds.toFixed(2)} s = ${Math.round(jobs / seconds)} jobs/s; ${total} statements = ${(total / jobs).toFixed(3)} per job`)
  for (const [key, n] of [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${String(n).padStart(7)}  ${(n / jobs).toFixed(3)}/job  ${key}`)
  // The claim: the most frequent statement that locks with SKIP LOCKED.
  const claimKey = [...counts.entries()].filter(([k]) => /skip locked|claim/i.test(firstOf.get(k)?.text ?? '')).sort((a, b) => b[1] - a[1])[0]?.[0]
  const claim = claimKey ? firstOf.get(claimKey) : undefined
  if (claim) {
    await system.enqueueMany(benchJobs(jobs))
    const client = new pg.Client({ connectionString: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' })
    await client.connect()
    await client.query('begin')
    // The captured call's clock is from the first claim; move epoch-millisecond values to now so the fresh backlog is due.
    const values = (claim.values ?? []).map((v) => (/^1\d{12}$/.test(String(v)) ? Date.now() + 1000 : v))
    const plan = await client.query(`explain (analyze, buffers) ${claim.text}`, values)
    await client.query('rollback')
    const fn = /"([^"]+)"\."([^"]+)"\(/.exec(claim.text)
    const def = fn ? await client.query(`select pg_get_functiondef(p.oid) as def from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $1 and p.proname = $2`, [fn[1], fn[2]]) : undefined
    await client.end()
    if (def?.rows[0]) console.log(`\nclaim function:\n${def.rows[0].def as string}`)
    console.log(`\nclaim statement:\n${claim.text}\n\nEXPLAIN ANALYZE over ${jobs} ready jobs:`)
    for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`)
  }
} finally {
  await system.teardown()
}
void pgExec
process.exit(0)
