import { ValidationError } from '../errors.js';
import { countsOfEveryQueue } from '../store/counts-by-queue.js';
import { assertDuration, assertKnownKeys, InvalidOptionError } from './invalid-option.js';
import { toNewJob } from './options.js';
const QUEUE_OPTION_KEYS = new Set(['store', 'schemas']);
/**
 * The producer and admin side: enqueues jobs and inspects, cancels, retries or prunes them.
 *
 * `add` and `addMany` call `store.insert` synchronously inside the call (before their first await,
 * unless a schema validates asynchronously), so a store whose `tx` is a synchronous transaction
 * (better-sqlite3's `db.transaction(() => ...)`) writes the job inside it.
 *
 * @typeParam T - the task map (see `TaskDefinition`); untyped when left out.
 */
export class Queue {
    /** The store every call goes to. */
    store;
    #schemas;
    constructor(options) {
        if (typeof options !== 'object' || options === null)
            throw new InvalidOptionError('options', 'must be an object');
        assertKnownKeys('Queue', options, QUEUE_OPTION_KEYS);
        if (!isStore(options.store))
            throw new InvalidOptionError('store', 'must be a JobStore (insert, claim, settle, ...)');
        this.store = options.store;
        this.#schemas = (options.schemas ?? {});
        for (const [name, schema] of Object.entries(this.#schemas)) {
            if (typeof schema?.['~standard']?.validate !== 'function') {
                throw new InvalidOptionError(`schemas.${name}`, 'must be a Standard Schema (an object with ~standard.validate)');
            }
        }
    }
    /**
     * Enqueues one job. Resolves to the stored job; when an unfinished job already held `uniqueKey`,
     * to that job with `duplicate: true`. Rejects with `InvalidOptionError` or `ValidationError`.
     */
    add(name, payload, options) {
        try {
            const job = toNewJob(name, payload, options, Date.now());
            const validated = this.#validate([job]);
            const insert = (jobs) => this.store.insert({ jobs, tx: options?.tx }).then((rows) => added(rows[0], name));
            return validated instanceof Promise ? validated.then(insert) : insert(validated);
        }
        catch (error) {
            return Promise.reject(error);
        }
    }
    /**
     * Enqueues a batch with one `store.insert` call (one round trip; seed 002's bulk insert). Results
     * come back in input order. One transaction for the whole batch: `batch.tx`, or the `tx` every
     * item names (they must agree). `batch.reusePayloads`: each new job comes back with the payload
     * value you passed instead of a copy as stored (saves a JSON parse per job when you keep only ids).
     */
    addMany(items, batch = {}) {
        try {
            if (!Array.isArray(items))
                throw new InvalidOptionError('items', 'must be an array');
            const now = Date.now();
            let tx = batch.tx;
            const jobs = items.map((item, index) => {
                if (typeof item !== 'object' || item === null)
                    throw new InvalidOptionError(`items[${index}]`, 'must be { name, payload, options? }');
                const itemTx = item.options?.tx;
                if (itemTx !== undefined) {
                    if (tx !== undefined && tx !== itemTx)
                        throw new InvalidOptionError(`items[${index}].options.tx`, 'one batch runs in one transaction');
                    tx = itemTx;
                }
                return toNewJob(item.name, item.payload, item.options, now);
            });
            if (jobs.length === 0)
                return Promise.resolve([]);
            const insert = (valid) => this.store.insert({ jobs: valid, tx, ...(batch.reusePayloads === true ? { reusePayloads: true } : {}) }).then((rows) => rows.map((row, i) => added(row, jobs[i]?.name ?? '')));
            const validated = this.#validate(jobs);
            return validated instanceof Promise ? validated.then(insert) : insert(validated);
        }
        catch (error) {
            return Promise.reject(error);
        }
    }
    /** The job with this id, or null. */
    get(id) {
        return this.store.get({ id });
    }
    /** Cancels an unfinished job (an active one loses its lease and its handler's signal aborts). Null for an unknown id. */
    cancel(id) {
        return this.store.cancel({ id });
    }
    /** Sends a `failed` or `cancelled` job back to `ready` with a fresh attempt budget (seed 003's kick). Null for an unknown id. */
    retry(id) {
        return this.store.retry({ id });
    }
    /** Deletes one job whatever its state; false for an unknown id. */
    remove(id) {
        return this.store.remove({ id });
    }
    /** Jobs per state, optionally of one queue. A due scheduled/retry/waiting job counts as `ready`. */
    counts(options = {}) {
        return this.store.counts(options.queue === undefined ? {} : { queue: options.queue });
    }
    /**
     * `counts` of every queue that holds jobs, sorted by name: one pass when the store has
     * `countsByQueue`, else `queues()` and one `counts` per queue.
     */
    countsByQueue() {
        return countsOfEveryQueue(this.store);
    }
    /** A page of jobs, newest first; pass `nextCursor` back as `cursor` for the next page. */
    list(options = {}) {
        return this.store.list(options);
    }
    /** The distinct queue names that hold jobs. */
    queues() {
        return this.store.queues();
    }
    /** Deletes finished jobs older than `olderThan` (seed 002's clear-finished [days]); resolves to how many. */
    prune(options) {
        try {
            const { olderThan, states } = options;
            let before;
            if (olderThan instanceof Date && !Number.isNaN(olderThan.getTime()))
                before = olderThan;
            else {
                assertDuration('olderThan', olderThan);
                before = new Date(Date.now() - olderThan);
            }
            return this.store.prune(states === undefined ? { olderThan: before } : { olderThan: before, states });
        }
        catch (error) {
            return Promise.reject(error);
        }
    }
    /** Runs the registered validators; synchronous unless one of them answers with a promise. */
    #validate(jobs) {
        let pending;
        for (const job of jobs) {
            const schema = this.#schemas[job.name];
            if (!schema)
                continue;
            const result = schema['~standard'].validate(job.payload);
            if (result instanceof Promise)
                (pending ??= []).push(result.then((r) => apply(job, r)));
            else
                apply(job, result);
        }
        return pending ? Promise.all(pending).then(() => jobs) : jobs;
    }
}
/** Replaces the payload by the validator's output (a schema may coerce or strip), or throws its issues. */
function apply(job, result) {
    if (result.issues) {
        throw new ValidationError(job.name, result.issues.map((issue) => ({
            message: issue.message,
            ...(issue.path ? { path: issue.path.map((p) => (typeof p === 'object' ? p.key : p)) } : {}),
        })));
    }
    job.payload = result.value === undefined ? null : result.value;
}
function added(row, name) {
    if (!row)
        throw new Error(`store.insert returned no row for job ${name}`);
    // The store hands back a fresh object per row; tagging it avoids copying every job of a big batch.
    const job = row.job;
    job.duplicate = row.duplicate;
    return job;
}
function isStore(value) {
    const s = value;
    return typeof s === 'object' && s !== null && typeof s.insert === 'function' && typeof s.claim === 'function' && typeof s.settle === 'function';
}
//# sourceMappingURL=queue.js.map