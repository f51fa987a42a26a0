import 'reflect-metadata'
import { Queue, Worker } from '@queue/core'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm'
import { afterEach, expect, it } from 'vitest'
import { typeormStore } from './index.js'

// The README's example, run as written (SQLite file in a temp folder).
@Entity({ name: 'readme_user' })
class User {
  @PrimaryGeneratedColumn() id!: number
  @Column({ type: 'varchar', length: 191, unique: true }) email!: string
}

const file = join(tmpdir(), `q_typeorm_readme_${process.pid}.db`)
afterEach(() => {
  for (const ext of ['', '-wal', '-shm']) rmSync(file + ext, { force: true })
})

it('runs the README example: a user and its welcome email commit together, then a worker sends it', async () => {
  const dataSource = await new DataSource({ type: 'better-sqlite3', database: file, entities: [User], synchronize: true }).initialize()
  const store = typeormStore(dataSource)
  const queue = new Queue({ store })

  await dataSource.transaction(async (em) => {
    const user = await em.save(User, { email: 'ada@example.com' })
    await queue.add('welcome-email', { userId: user.id }, { tx: em })
  })

  const sent: number[] = []
  const worker = new Worker({
    store,
    handlers: {
      'welcome-email': async (payload) => {
        sent.push((payload as { userId: number }).userId)
      },
    },
  }).start()
  try {
    await expect.poll(() => sent, { timeout: 5000 }).toEqual([1])
    await expect.poll(async () => (await store.counts({})).completed).toBe(1)
  } finally {
    await worker.stop()
    await store.close()
    await dataSource.destroy()
  }
})
