import { JobTimeoutError } from './outcome.js';
import { sampleMemory } from './stats.js';
/**
 * One running attempt of one claimed job: its abort controller, its optional timeout timer (the only
 * per-job timer, and only when a timeout applies) and the moment it began.
 */
export class Attempt {
    job;
    onEnd;
    startedAt = performance.now();
    memoryBefore = sampleMemory();
    /** True once the attempt has ended; the handler may still be running, but its answer no longer counts. */
    done = false;
    #timer;
    // Built on first read of ctx.signal: an AbortController costs ~5 µs here (profiled at 32,000 jobs),
    // more than the rest of the worker's per-job work, and most handlers never look at it.
    #controller;
    #abortReason;
    constructor(job, timeoutMs, onEnd) {
        this.job = job;
        this.onEnd = onEnd;
        if (timeoutMs !== null) {
            this.#timer = setTimeout(() => {
                const error = new JobTimeoutError(timeoutMs);
                this.end({ type: 'error', error }, error);
            }, timeoutMs);
        }
    }
    /** Ends the attempt once; aborts the handler's signal with `abortReason` when given. */
    end(end, abortReason) {
        if (this.done)
            return false;
        this.done = true;
        if (this.#timer !== undefined)
            clearTimeout(this.#timer);
        if (abortReason !== undefined) {
            this.#abortReason = abortReason;
            this.#controller?.abort(abortReason);
        }
        this.onEnd(this, end);
        return true;
    }
    /** The handler's signal, already aborted when the attempt was aborted before anyone asked for it. */
    get signal() {
        if (!this.#controller) {
            this.#controller = new AbortController();
            if (this.#abortReason !== undefined)
                this.#controller.abort(this.#abortReason);
        }
        return this.#controller.signal;
    }
    /** Runs hooks and handler; whatever happens ends the attempt (unless something else ended it first). */
    async execute(handler, hooks, ctx) {
        const job = this.job;
        try {
            if (hooks.onBeforeProcess)
                await hooks.onBeforeProcess(job);
            if (this.done)
                return;
            const result = await handler(job.payload, ctx);
            if (this.done)
                return;
            if (hooks.onAfterProcess)
                await hooks.onAfterProcess(job, result);
            this.end({ type: 'complete', result: result === undefined ? null : result });
        }
        catch (error) {
            this.end({ type: 'error', error });
        }
    }
}
/**
 * The handler's ctx. A class rather than an object literal with getters: V8 builds literals with
 * accessors on a slow path (profiled at ~8 µs a job), while prototype getters cost nothing per job.
 * The job's child logger is built only when the handler reads `ctx.log`.
 */
export class AttemptContext {
    run;
    store;
    logger;
    job;
    attempt;
    #log;
    constructor(run, store, logger) {
        this.run = run;
        this.store = store;
        this.logger = logger;
        this.job = run.job;
        this.attempt = run.job.attempts;
    }
    get signal() {
        return this.run.signal;
    }
    get log() {
        const { job, logger } = this;
        this.#log ??= logger.child ? logger.child({ jobId: job.id, jobName: job.name, queue: job.queue, attempt: job.attempts }) : logger;
        return this.#log;
    }
    progress(value) {
        return this.store.progress({ lease: this.job.lease, progress: value === undefined ? null : value });
    }
}
//# sourceMappingURL=attempt.js.map