/**
 * Whether settling `batch` can make a job claimable at `now`: the next job of a serial group (any
 * outcome of a grouped job), a released job, or a retry or wait that is due already. Only then is
 * a claim right after the settle worth its round trip; without this check an idle Worker sent an
 * empty claim after every job it ran (2.05-2.1 claims per job at idle, docs/benchmarks.md).
 */
export function freesWork(batch, now) {
    return batch.some(({ job, outcome }) => job.groupKey !== null || outcome.type === 'release' || ((outcome.type === 'retry' || outcome.type === 'wait') && outcome.runAt.getTime() <= now));
}
/**
 * Settles a batch in one `store.settle` call, then emits one event per outcome the store accepted.
 * An outcome the store refused (`ok: false`: the lease was gone) is logged and dropped. Throws what
 * the store threw, leaving the caller to keep the batch and try again.
 */
export async function settleBatch(store, batch, emitter, logger) {
    emitSettled(batch, await store.settle({ outcomes: batch.map((s) => s.outcome) }), emitter, logger);
}
/** Emits one event per outcome of `batch` the store accepted (`results` in input order); logs the refused ones. */
export function emitSettled(batch, results, emitter, logger) {
    for (let i = 0; i < batch.length; i++) {
        const { job, outcome, detail } = batch[i];
        if (results[i]?.ok !== true) {
            logger.warn({ jobId: job.id, outcome: outcome.type }, 'settle refused: the lease was gone (cancelled or reclaimed)');
            continue;
        }
        if (outcome.type === 'complete')
            emitter.emit('completed', job, detail);
        else if (outcome.type === 'retry')
            emitter.emit('retry', job, detail, outcome.runAt);
        else if (outcome.type === 'wait')
            emitter.emit('waiting', job, outcome.runAt);
        else if (outcome.type === 'fail')
            emitter.emit('failed', job, detail);
        else
            emitter.emit('released', job);
    }
}
//# sourceMappingURL=settling.js.map