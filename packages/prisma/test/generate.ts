/**
 * vitest globalSetup: generates the test PrismaClients (one per provider) into test/generated/, so a
 * fresh clone runs the tests without a manual step. Offline: the schema engine is not needed to
 * generate a client, so its download is avoided by pointing Prisma at any existing file.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const here = dirname(fileURLToPath(import.meta.url))
const prismaBin = join(here, '..', 'node_modules', '.bin', 'prisma')

export const PROVIDERS = ['postgresql', 'sqlite', 'mysql'] as const

async function generate(provider: (typeof PROVIDERS)[number]): Promise<void> {
  const schema = join(here, 'schema', `${provider}.prisma`)
  const stamp = join(here, 'generated', provider, '.schema-hash')
  const hash = createHash('sha256').update(readFileSync(schema)).digest('hex')
  // Skip when the client was generated from this exact schema (saves ~3 s per provider).
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return
  await run(prismaBin, ['generate', '--schema', schema], {
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true',
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  })
  writeFileSync(stamp, hash)
}

export async function setup(): Promise<void> {
  await Promise.all(PROVIDERS.map(generate))
}
