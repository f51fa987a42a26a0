/**
 * One heartbeat: renews, in one `renewLeases` call, the lease of every running attempt, of every
 * claimed job waiting in the prefetch buffer, and of every outcome still waiting to be settled (so a store outage that delays the settle does not let the
 * lease expire under a finished job). Returns the running attempts whose lease the store no longer
 * holds for this worker (cancelled, or reclaimed after an expiry), and the buffered jobs likewise lost.
 */
export async function leaseRenewal(store, running, pending, leaseMs, buffered = []) {
    // Ended attempts still in `running` are finishing their bookkeeping (an async onError): keep their leases too.
    const asked = [...running];
    const leases = asked.map((attempt) => attempt.job.lease);
    for (const { outcome } of pending)
        leases.push(outcome.lease);
    const waiting = [...buffered];
    for (const job of waiting)
        leases.push(job.lease);
    if (leases.length === 0)
        return { attempts: [], buffered: [] };
    const kept = await store.renewLeases({ leases, leaseMs });
    const tokens = new Map(kept.map((lease) => [lease.id, lease.token]));
    return {
        attempts: asked.filter((attempt) => !attempt.done && running.has(attempt) && tokens.get(attempt.job.lease.id) !== attempt.job.lease.token),
        buffered: waiting.filter((job) => tokens.get(job.lease.id) !== job.lease.token),
    };
}
//# sourceMappingURL=renewal.js.map