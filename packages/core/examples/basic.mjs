// Enqueue and process jobs on the in-memory store.
// Run from the repository root: pnpm --filter @queue/core build && node packages/core/examples/basic.mjs
import { memoryStore, PermanentError, Queue, Worker } from '@queue/core'

const store = memoryStore()
const queue = new Queue({ store })

const worker = new Worker({
  store,
  concurrency: 4,
  handlers: {
    'email.send': async ({ to }, ctx) => {
      if (!to.includes('@')) throw new PermanentError(`not an address: ${to}`)
      await ctx.progress({ step: 'sending' })
      return { messageId: `msg-${ctx.job.id}` }
    },
    'report.build': async ({ month }) => `report for ${month}`,
  },
})
worker.on('completed', (job, result) => console.log(`completed ${job.name} #${job.id}:`, result))
worker.on('failed', (job, error) => console.log(`failed    ${job.name} #${job.id}: ${error.message}`))

await queue.add('email.send', { to: 'ada@example.com' }, { priority: 800 })
await queue.add('email.send', { to: 'nobody' })
await queue.addMany([
  { name: 'report.build', payload: { month: '2026-10' }, options: { groupKey: 'reports' } },
  { name: 'report.build', payload: { month: '2026-11' }, options: { groupKey: 'reports' } },
])
// Added twice while the first is unfinished: the second add returns the first job.
const again = await queue.add('email.send', { to: 'ada@example.com' }, { uniqueKey: 'welcome-ada' })
const duplicate = await queue.add('email.send', { to: 'ada@example.com' }, { uniqueKey: 'welcome-ada' })
console.log(`uniqueKey: second add returned job #${duplicate.id} (duplicate: ${duplicate.duplicate}, first was #${again.id})`)

await worker.drain() // run everything ready now, then resolve (cron mode)
console.log('counts:', await queue.counts())
