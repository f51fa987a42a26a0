/**
 * `pnpm bench [--quick] [--only=a,b] [--scenarios=drain,latency] [--reps=N] [--out=file]`: runs the
 * side-by-side benchmark, prints markdown tables and writes results/latest.json. `--help` lists the
 * systems and scenarios; an unknown argument exits 2 before anything runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describeMachine } from './harness/machine.js'
import { checkTargets, scenarioTable, targetsTable } from './harness/report.js'
import { runScenario, type Cell } from './harness/runner.js'
import { config as makeConfig } from './scenarios/scenario.js'
import { scenarios } from './scenarios/index.js'
import { allSystems } from './systems/index.js'
import { MEMORY_METRICS, runMemory } from './harness/memory-run.js'
import { BenchArgsError, benchUsage, parseBenchArgs, type BenchArgs } from './harness/args.js'
import { runWebhook, WEBHOOK_CONNECTIONS, webhookUnavailable, WEBHOOK_SYSTEMS } from './webhook/run.js'

const args = process.argv.slice(2)
const scenarioNames = [...scenarios.map((s) => s.name), 'memory', 'webhook']
let parsed: BenchArgs
try {
  parsed = parseBenchArgs(args, { systems: [...allSystems.map((s) => s.name), ...WEBHOOK_SYSTEMS.map((s) => s.name)], scenarios: scenarioNames })
} catch (error) {
  if (!(error instanceof BenchArgsError)) throw error
  console.error(`pnpm bench: ${error.message}\n(pnpm bench --help lists the flags, systems and scenarios)`)
  process.exit(2)
}
if (parsed.help) {
  console.log(benchUsage([...allSystems, ...WEBHOOK_SYSTEMS], scenarioNames))
  process.exit(0)
}
const quick = parsed.quick
const config = makeConfig(quick)
if (parsed.reps !== undefined) config.repetitions = parsed.reps
const only = parsed.only
const pickedScenarios = parsed.scenarios

const log = (line: string): void => console.error(line)

const started = Date.now()
const machine = await describeMachine()
log(`machine: ${machine.nproc} cores, ${machine.memoryGiB} GiB, PG ${machine.postgres}, MySQL ${machine.mysql}, Redis ${machine.redis}, node ${machine.node}`)

const candidates = allSystems.filter((s) => (only ? only.includes(s.name) : !s.optIn && (!quick || s.quick)))
const systems: typeof allSystems = []
const unavailable: Record<string, string> = {}
for (const spec of candidates) {
  const reason = await spec.available()
  if (reason) {
    unavailable[spec.name] = reason
    log(`skip ${spec.name}: ${reason}`)
  } else systems.push(spec)
}

const cells: Cell[] = []
const chosen = scenarios.filter((s) => !pickedScenarios || pickedScenarios.includes(s.name))
for (const scenario of chosen) {
  log(`scenario ${scenario.name} (${Math.min(scenario.repetitions ?? config.repetitions, config.repetitions)} repetition(s), ${systems.length} systems)`)
  cells.push(...(await runScenario(scenario, systems, config, log)))
}

const wants = (name: string): boolean => !pickedScenarios || pickedScenarios.includes(name)
const memorySystems = systems.filter((s) => ['@queue-postgres', '@queue-sqlite', '@queue-mysql'].includes(s.name))
if (wants('memory')) {
  log(`scenario memory (${config.memoryJobs} jobs, ${memorySystems.length} systems, one process each)`)
  cells.push(...(await runMemory(memorySystems, config, log)))
}
const webhookMissing = webhookUnavailable()
const connections = parsed.connections ?? WEBHOOK_CONNECTIONS
if (wants('webhook')) {
  if (webhookMissing) log(`skip webhook: ${webhookMissing}`)
  else {
    log(`scenario webhook (${config.webhookSeconds} s per run, ${connections} connections, ${config.repetitions} repetition(s))`)
    cells.push(...(await runWebhook(config, log, connections)))
  }
}

const checks = checkTargets(cells)
const markdown = [
  `## Benchmark run ${new Date(started).toISOString()} (${quick ? 'quick' : 'full'}, ${Math.round((Date.now() - started) / 1000)} s)`,
  '',
  `Machine: ${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB RAM, Node ${machine.node}, PostgreSQL ${machine.postgres} (${Object.entries(machine.pgSettings).map(([k, v]) => `${k}=${v}`).join(', ')}), MariaDB/MySQL ${machine.mysql}, Redis ${machine.redis}.`,
  `Command: \`pnpm bench ${args.join(' ')}\`.`,
  '',
  targetsTable(checks),
  ...chosen.map((s) => scenarioTable(s, cells.filter((c) => c.scenario === s.name), systems)),
  ...(wants('memory') ? [scenarioTable({ title: `Worker RSS over a ${config.memoryJobs.toLocaleString('en-US')}-job drain (one process per system)`, metrics: MEMORY_METRICS }, cells.filter((c) => c.scenario === 'memory'), memorySystems)] : []),
  ...(wants('webhook') && !webhookMissing ? [scenarioTable({ title: `Webhook intake (autocannon, ${connections} connections, loopback)`, metrics: ['req/s', 'p99 ms', '202 not stored'] }, cells.filter((c) => c.scenario === 'webhook'), WEBHOOK_SYSTEMS)] : []),
  '### Systems',
  '',
  ...systems.map((s) => `- \`${s.name}\`: ${s.settings}`),
  ...(wants('webhook') ? WEBHOOK_SYSTEMS.map((s) => `- \`${s.name}\`: ${s.settings}`) : []),
  ...Object.entries(unavailable).map(([name, reason]) => `- \`${name}\`: not run (${reason})`),
  '',
].join('\n')
console.log(markdown)

const here = dirname(fileURLToPath(import.meta.url))
const out = parsed.out ?? join(here, '..', 'results', 'latest.json')
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, JSON.stringify({ started: new Date(started).toISOString(), args, config, machine, unavailable, systems: systems.map((s) => ({ name: s.name, backend: s.backend, settings: s.settings })), cells, targets: checks }, null, 2))
writeFileSync(out.replace(/\.json$/, '.md'), markdown)
log(`wrote ${out}`)
process.exit(0)
