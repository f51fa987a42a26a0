// A worker outside the Next app (a container, a VM, `queue worker`): it claims the app's jobs from
// the shared database and runs each one by POSTing it, signed, to the app's /api/jobs route.
import { Worker } from '@queue/core'
import { remoteHandlers } from '@queue/next'

const url = process.env.QUEUE_DATABASE_URL
const store = url
  ? (await import('@queue/sql/postgres')).postgresStore({
      connectionString: url,
      ...(process.env.QUEUE_DATABASE_SCHEMA ? { schema: process.env.QUEUE_DATABASE_SCHEMA } : {}),
    })
  : (await import('@queue/sql/sqlite')).sqliteStore({ filename: process.env.QUEUE_SQLITE_FILE ?? 'queue.db' })

const appUrl = process.env.APP_URL ?? 'http://127.0.0.1:3000'
const worker = new Worker({
  store,
  concurrency: 4,
  handlers: remoteHandlers({
    url: new URL('/api/jobs', appUrl),
    secret: process.env.QUEUE_SECRET ?? 'dev-secret-change-me-please',
    names: ['report.build'],
  }),
})
await worker.start()
console.log(`worker running jobs through ${appUrl}/api/jobs`)

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await worker.stop({ graceMs: 10_000 })
    await store.close()
    process.exit(0)
  })
}
