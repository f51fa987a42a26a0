/** What the numbers were measured on: cores, memory, service versions. */
import os from 'node:os'
import { Redis } from 'ioredis'
import { REDIS_URL } from './env.js'
import { mysqlExec } from './mysql.js'
import { pgExec } from './pg.js'

export interface Machine {
  nproc: number
  cpu: string
  memoryGiB: number
  node: string
  postgres: string
  mysql: string
  redis: string
  pgSettings: Record<string, string>
}

const safe = async (read: () => Promise<string>): Promise<string> => read().catch((e: unknown) => `unavailable (${(e as Error).message})`)

export async function describeMachine(): Promise<Machine> {
  const postgres = await safe(async () => String((await pgExec('show server_version')).rows[0].server_version))
  const pgSettings: Record<string, string> = {}
  await safe(async () => {
    const { rows } = await pgExec(`select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections', 'wal_level')`)
    for (const row of rows) pgSettings[row.name as string] = row.setting as string
    return ''
  })
  const mysql = await safe(async () => String(((await mysqlExec('select version() as v')) as { v: string }[])[0]?.v))
  const redis = await safe(async () => {
    const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, retryStrategy: () => null })
    try {
      const info = await client.info('server')
      return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'
    } finally {
      client.disconnect()
    }
  })
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    mysql,
    redis,
    pgSettings,
  }
}
