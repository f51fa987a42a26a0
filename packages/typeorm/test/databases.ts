/**
 * Test databases for the TypeORM store: each call opens a DataSource on its own PostgreSQL schema,
 * MariaDB database or temporary SQLite file, and `drop()` removes it again, so parallel runs and
 * other packages' tests never collide.
 */
import 'reflect-metadata'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DataSource, type DataSourceOptions, type EntitySchema } from 'typeorm'

export type Engine = 'postgres' | 'mariadb' | 'sqlite'

export const ENGINES: readonly Engine[] = ['postgres', 'mariadb', 'sqlite']

const PG_URL = process.env.QUEUE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const MARIADB_URL = process.env.QUEUE_TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306/test'

/** One isolated database and how to reach it again. */
export interface TestDatabase {
  engine: Engine
  /** The PG schema, the MariaDB database name, or the SQLite file path. */
  name: string
  /** Opens a DataSource on the isolated database (initialized). */
  open(entities?: (Function | EntitySchema)[]): Promise<DataSource>
  /** Drops the schema / database / file. */
  drop(): Promise<void>
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => (socket.end(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

/**
 * Whether the engine's server is reachable. Locally an unreachable service skips its tests loudly;
 * in CI (`CI=true`) it must fail instead, so this then answers true and the connection error shows.
 */
export async function engineAvailable(engine: Engine): Promise<boolean> {
  if (engine === 'sqlite' || process.env.CI === 'true') return true
  const up = await portOpen(engine === 'postgres' ? 5432 : 3306)
  if (!up) console.warn(`[@queue/typeorm] ${engine} is not reachable on 127.0.0.1: skipping its tests`)
  return up
}

const suffix = () => randomBytes(5).toString('hex')

async function admin<T>(options: DataSourceOptions, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = await new DataSource(options).initialize()
  try {
    return await fn(ds)
  } finally {
    await ds.destroy()
  }
}

/** Creates an isolated database for `engine`. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  const name = `q_typeorm_${suffix()}`
  if (engine === 'postgres') {
    await admin({ type: 'postgres', url: PG_URL }, (ds) => ds.query(`CREATE SCHEMA "${name}"`))
    return {
      engine,
      name,
      open: (entities = []) =>
        new DataSource({
          type: 'postgres',
          url: PG_URL,
          schema: name,
          // Unqualified names (the user's tables, our raw SQL) resolve in the test schema too.
          extra: { options: `-c search_path=${name}` },
          entities,
          synchronize: entities.length > 0,
        }).initialize(),
      drop: () => admin({ type: 'postgres', url: PG_URL }, (ds) => ds.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)),
    }
  }
  if (engine === 'mariadb') {
    await admin({ type: 'mysql', url: MARIADB_URL }, (ds) => ds.query(`CREATE DATABASE \`${name}\``))
    const url = new URL(MARIADB_URL)
    url.pathname = `/${name}`
    return {
      engine,
      name,
      open: (entities = []) =>
        new DataSource({ type: 'mariadb', url: url.toString(), entities, synchronize: entities.length > 0 }).initialize(),
      drop: () => admin({ type: 'mysql', url: MARIADB_URL }, (ds) => ds.query(`DROP DATABASE IF EXISTS \`${name}\``)),
    }
  }
  const file = join(tmpdir(), `${name}.db`)
  return {
    engine,
    name: file,
    open: (entities = []) =>
      new DataSource({ type: 'better-sqlite3', database: file, entities, synchronize: entities.length > 0 }).initialize(),
    drop: async () => {
      for (const ext of ['', '-wal', '-shm', '-journal']) rmSync(file + ext, { force: true })
    },
  }
}
