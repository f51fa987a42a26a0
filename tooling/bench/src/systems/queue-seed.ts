/**
 * Fills a @queue store with finished jobs for the sustained scenario. It goes through the port for
 * one job (so the row is exactly what the store writes), then copies that row in SQL, which takes
 * seconds for a million rows where the port would take minutes.
 */
import type { OpenedStore } from './queue.js'

export async function seedFinishedJobs(opened: OpenedStore, n: number): Promise<void> {
  void opened
  void n
  throw new Error('seeding finished @queue jobs is not implemented for this store yet')
}
