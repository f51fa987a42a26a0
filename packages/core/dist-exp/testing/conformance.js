import { afterEach, beforeEach, describe, it } from 'vitest';
import { adminCases } from './cases/admin.cases.js';
import { claimCases } from './cases/claim.cases.js';
import { concurrencyCases } from './cases/concurrency.cases.js';
import { foldCases } from './cases/fold.cases.js';
import { groupCases } from './cases/groups.cases.js';
import { insertCases } from './cases/insert.cases.js';
import { leaseCases } from './cases/lease.cases.js';
import { notifierCases } from './cases/notifier.cases.js';
import { pruneCases } from './cases/prune.cases.js';
import { reportingCases } from './cases/reporting.cases.js';
import { settleCases } from './cases/settle.cases.js';
import { transactionCases } from './cases/transaction.cases.js';
import { uniqueCases } from './cases/unique.cases.js';
/** The case families, in the order they are registered. */
const FAMILIES = [
    insertCases,
    claimCases,
    groupCases,
    concurrencyCases,
    uniqueCases,
    leaseCases,
    settleCases,
    foldCases,
    adminCases,
    reportingCases,
    pruneCases,
    notifierCases,
    transactionCases,
];
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
export function storeConformance(name, factory, options = {}) {
    const skipped = new Set(options.skip ?? []);
    describe(`store conformance: ${name}`, () => {
        let target;
        let peers = [];
        beforeEach(async () => {
            target = await factory();
            peers = [];
        });
        afterEach(async () => {
            const current = target;
            target = undefined;
            const opened = peers;
            peers = [];
            if (current === undefined)
                return;
            try {
                await Promise.all([...opened.map((store) => store.close()), current.store.close()]);
            }
            finally {
                await current.cleanup?.();
            }
        });
        const registered = new Set();
        const define = (caseName, body) => {
            if (registered.has(caseName))
                throw new Error(`duplicate conformance case: ${caseName}`);
            registered.add(caseName);
            const run = skipped.has(caseName) ? it.skip : it;
            run(caseName, async (vitest) => {
                const current = target;
                if (current === undefined)
                    throw new Error('conformance target missing: did the factory fail?');
                const ctx = {
                    store: current.store,
                    transaction: current.transaction,
                    async peer() {
                        if (current.peer === undefined)
                            return undefined;
                        const store = await current.peer();
                        peers.push(store);
                        return store;
                    },
                    skip: (note) => vitest.skip(note),
                };
                await body(ctx);
            });
        };
        for (const family of FAMILIES)
            family(define);
        const unknown = [...skipped].filter((caseName) => !registered.has(caseName));
        if (unknown.length > 0)
            throw new Error(`storeConformance skip names no case: ${unknown.join('; ')}`);
    });
}
//# sourceMappingURL=conformance.js.map