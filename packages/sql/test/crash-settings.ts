/** Short leases, so the jobs in flight at the kill are reclaimed within seconds. */
export const CRASH_LEASE_MS = 1500
/** Long enough for a kill to land while several handlers run. */
export const CRASH_JOB_MS = 150
export const CRASH_JOBS = 60
