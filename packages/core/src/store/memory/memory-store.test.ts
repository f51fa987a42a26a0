import type { JobStore } from '../port.js'
import { storeConformance } from '../../testing/index.js'
import { memoryStore } from './index.js'

storeConformance('memory', async () => {
  const store = memoryStore()
  // Memory has one process and one table: a peer is another handle on it whose close leaves it open.
  const peer = async (): Promise<JobStore> => ({ ...store, close: async () => {} })
  return { store, peer }
})
