/**
 * The memory store's claim index: the claimable rows of each queue, per priority, in a min-heap by
 * (runAt, id). A claim walks the priorities of a queue from the highest down and, in each, pops
 * rows while they are due: within one priority the due rows come first, so the first row not yet
 * due ends that priority's walk. A claim costs O(taken · log n) instead of a scan of every
 * unfinished row (which drained 20,000 jobs at ~900 jobs/s).
 *
 * Entries are never removed in place. Each push stamps the row with a new `seq`; an entry whose
 * stamp is no longer the row's (the row was claimed, cancelled, removed or pushed again since) is
 * stale and is dropped when a walk reaches it.
 */
/** What the index needs of a row. */
export interface Indexed {
    id: string;
    queue: string;
    priority: number;
    runAt: Date;
    /** The stamp of the row's live entry; 0 while it has none. */
    seq: number;
}
/** What a walk asks of the caller for each due row it reaches. */
export interface ReadyWalk<R extends Indexed> {
    /** The queues to read; undefined for every queue. */
    queues: readonly string[] | undefined;
    min: number | undefined;
    max: number | undefined;
    now: number;
    /** Whether the row is still claimable (its state); a stamped row that is not is dropped. */
    live(row: R): boolean;
    /** Whether the row may be taken now (the group rule); a row that may not stays indexed. */
    eligible(row: R): boolean;
}
export declare class ReadyIndex<R extends Indexed> {
    #private;
    /** Indexes `row` under its current queue, priority and runAt; an older entry of it goes stale. */
    add(row: R): void;
    /** The row no longer has a live entry (it left the claimable states or the table). */
    drop(row: R): void;
    /**
     * Takes up to `limit` due, eligible rows of each queue read, in claim order within the queue
     * (priority DESC, runAt, id), and drops them from the index; the caller merges the queues.
     * Rows passed over (not eligible) keep their place.
     */
    take(walk: ReadyWalk<R>, limit: number): R[];
}
//# sourceMappingURL=ready.d.ts.map