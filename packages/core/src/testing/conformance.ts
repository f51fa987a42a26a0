import { afterEach, beforeEach, describe, it } from 'vitest'
import type { JobStore } from '../store/port.js'
import { adminCases } from './cases/admin.cases.js'
import { claimCases } from './cases/claim.cases.js'
import { concurrencyCases } from './cases/concurrency.cases.js'
import { foldCases } from './cases/fold.cases.js'
import { groupCases } from './cases/groups.cases.js'
import { handoffCases } from './cases/handoff.cases.js'
import { insertCases } from './cases/insert.cases.js'
import { leaseCases } from './cases/lease.cases.js'
import { notifierCases } from './cases/notifier.cases.js'
import { pruneCases } from './cases/prune.cases.js'
import { reportingCases } from './cases/reporting.cases.js'
import { settleCases } from './cases/settle.cases.js'
import { transactionCases } from './cases/transaction.cases.js'
import { uniqueCases } from './cases/unique.cases.js'
import type { CaseContext, DefineCase } from './context.js'

/** A fresh store for one conformance case, and what else the case may use of its database. */
export interface ConformanceTarget {
  /** A migrated, empty store. */
  store: JobStore
  /** Opens a second store on the same database through its own connection (concurrency cases). */
  peer?: () => Promise<JobStore>
  /** Drops what the factory created (schema, database, key prefix); runs after every store is closed. */
  cleanup?: () => Promise<void>
  /** optional: run fn inside a real transaction of this store's database and commit or roll back */
  transaction?: (fn: (tx: unknown) => Promise<void>, opts: { rollback: boolean }) => Promise<void>
}

/** Options of `storeConformance`. */
export interface ConformanceOptions {
  /** Names of cases to register as skipped, exactly as they are printed. */
  skip?: string[]
}

/** The case families, in the order they are registered. */
const FAMILIES: ((define: DefineCase) => void)[] = [
  insertCases,
  claimCases,
  groupCases,
  concurrencyCases,
  uniqueCases,
  leaseCases,
  handoffCases,
  settleCases,
  foldCases,
  adminCases,
  reportingCases,
  pruneCases,
  notifierCases,
  transactionCases,
]

/**
 * Registers the storage conformance suite: one vitest `describe` with a case per behaviour the
 * `JobStore` port promises (ordering, priority ranges, delays, serial groups under concurrent
 * claimers, unique keys, leases and fencing, settle bookkeeping, reclaim, cancel/retry, counts,
 * list, prune, notifier, transactional insert). `factory` runs before every case and must return a
 * fresh, migrated, empty store; every case injects `now`, so none of them sleeps.
 *
 * @example
 * // memory-store.test.ts
 * storeConformance('memory', async () => ({ store: memoryStore() }))
 */
export function storeConformance(name: string, factory: () => Promise<ConformanceTarget>, options: ConformanceOptions = {}): void {
  const skipped = new Set(options.skip ?? [])
  describe(`store conformance: ${name}`, () => {
    let target: ConformanceTarget | undefined
    let peers: JobStore[] = []

    beforeEach(async () => {
      target = await factory()
      peers = []
    })

    afterEach(async () => {
      const current = target
      target = undefined
      const opened = peers
      peers = []
      if (current === undefined) return
      try {
        await Promise.all([...opened.map((store) => store.close()), current.store.close()])
      } finally {
        await current.cleanup?.()
      }
    })

    const registered = new Set<string>()
    const define: DefineCase = (caseName, body) => {
      if (registered.has(caseName)) throw new Error(`duplicate conformance case: ${caseName}`)
      registered.add(caseName)
      const run = skipped.has(caseName) ? it.skip : it
      run(caseName, async (vitest) => {
        const current = target
        if (current === undefined) throw new Error('conformance target missing: did the factory fail?')
        const ctx: CaseContext = {
          store: current.store,
          transaction: current.transaction,
          async peer() {
            if (current.peer === undefined) return undefined
            const store = await current.peer()
            peers.push(store)
            return store
          },
          skip: (note) => vitest.skip(note),
        }
        await body(ctx)
      })
    }
    for (const family of FAMILIES) family(define)

    const unknown = [...skipped].filter((caseName) => !registered.has(caseName))
    if (unknown.length > 0) throw new Error(`storeConformance skip names no case: ${unknown.join('; ')}`)
  })
}
