/** The job states in the order the dashboard shows them: the way a job travels, finished last. */
export const STATES = ['scheduled', 'ready', 'active', 'waiting', 'retry', 'completed', 'failed', 'cancelled'] as const
