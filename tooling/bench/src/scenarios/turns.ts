/**
 * Every system of a repetition set up at once and run in turns, for the scenarios bound by a
 * commit's latency (one-by-one enqueue, pickup latency): the disk's latency drifts within seconds
 * on the measured hosts, and taken in turns the drift falls on every system alike. Each round
 * gives every system that still has work one turn, starting with a different system each round; a
 * system's time is the sum of its own turns, and it stops once that passes `runTimeoutMs`.
 */
import { now } from '../harness/time.js'
import type { System, SystemSpec } from '../systems/system.js'
import type { BenchConfig, Metrics } from './scenario.js'

export interface Turns<S> {
  /** After setup: the system's own state (and its workers started, if it needs them). A throw marks the system failed. */
  start(system: System): Promise<S>
  /** Whether the system wants another turn in `round`. */
  more(state: S, round: number): boolean
  /** One turn of the system in `round`. A throw marks it failed. */
  turn(system: System, state: S, round: number): Promise<void>
  /** The system's metrics once its turns are over; `ms` is the time of its turns. */
  metrics(state: S, ms: number): Metrics
  /** Waited once every system has started (workers settling into idle). */
  warmupMs?: number
  /** Before a started system's teardown (its workers stopped). */
  stop?(system: System): Promise<void>
}

/** Runs `specs` in turns; a system that failed maps to its error, the others to their metrics. Every system set up is torn down. */
export async function inTurns<S>(specs: readonly SystemSpec[], config: BenchConfig, turns: Turns<S>): Promise<Map<string, Metrics | Error>> {
  const results = new Map<string, Metrics | Error>()
  const running: { spec: SystemSpec; system: System; state: S | undefined; ms: number }[] = []
  try {
    // Every system is set up before any starts: a setup may disturb a system already running
    // beside it (graphile-worker's migration of its own schema notifies every graphile-worker
    // runner on the database, and a runner that hears it shuts down).
    for (const spec of specs) {
      const system = spec.create()
      try {
        await system.setup()
      } catch (error) {
        results.set(spec.name, error as Error)
        await system.teardown().catch(() => {})
        continue
      }
      running.push({ spec, system, state: undefined as S | undefined, ms: 0 })
    }
    for (const entry of running) {
      try {
        entry.state = await turns.start(entry.system)
      } catch (error) {
        results.set(entry.spec.name, error as Error)
      }
    }
    if (turns.warmupMs !== undefined) await new Promise((resolve) => setTimeout(resolve, turns.warmupMs))
    for (let round = 0; ; round++) {
      const turn = running.filter((r) => !results.has(r.spec.name) && r.ms < config.runTimeoutMs && turns.more(r.state as S, round))
      if (turn.length === 0) break
      for (let k = 0; k < turn.length; k++) {
        const r = turn[(k + round) % turn.length] as (typeof turn)[number]
        const t0 = now()
        try {
          await turns.turn(r.system, r.state as S, round)
        } catch (error) {
          results.set(r.spec.name, error as Error)
        }
        r.ms += now() - t0
      }
    }
    for (const r of running) if (!results.has(r.spec.name)) results.set(r.spec.name, turns.metrics(r.state as S, r.ms))
    return results
  } finally {
    for (const r of running) {
      if (turns.stop !== undefined) await turns.stop(r.system).catch(() => {})
      await r.system.teardown().catch((error: unknown) => console.error(`teardown of ${r.spec.name} failed:`, (error as Error).message))
    }
  }
}
