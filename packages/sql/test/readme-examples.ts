// The README's examples, kept compiling by `pnpm typecheck` (not run: they need a real app).
import Database from 'better-sqlite3'
import pg from 'pg'
import mysql from 'mysql2/promise'
import { Queue, Worker } from '@queue/core'
import { migrationSql, migrations } from '../src/index.js'
import { mysqlStore } from '../src/mysql/index.js'
import { postgresStore } from '../src/postgres/index.js'
import { sqliteStore } from '../src/sqlite/index.js'

export async function sqliteExample(): Promise<void> {
  const db = new Database('app.db')
  db.exec('CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, total INTEGER)')
  const store = sqliteStore({ database: db })
  const queue = new Queue({ store })
  db.transaction(() => {
    const { lastInsertRowid } = db.prepare('INSERT INTO orders (total) VALUES (?)').run(42)
    void queue.add('send-receipt', { orderId: Number(lastInsertRowid) }, { tx: db })
  })()
  const worker = new Worker({
    store,
    handlers: { 'send-receipt': async (payload) => console.log('receipt for', (payload as { orderId: number }).orderId) },
  }).start()
  process.on('SIGTERM', () => void worker.stop().then(() => store.close()))
}

export async function postgresExample(): Promise<void> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
  const store = postgresStore({ pool, schema: 'jobs' })
  const queue = new Queue({ store })
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const { rows } = await client.query('INSERT INTO orders (total) VALUES ($1) RETURNING id', [42])
    await queue.add('send-receipt', { orderId: rows[0].id }, { tx: client })
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  } finally {
    client.release()
  }
  new Worker({ store, handlers: { 'send-receipt': async (payload) => console.log(payload) } }).start()
}

export async function mysqlExample(): Promise<void> {
  const pool = mysql.createPool({ uri: 'mysql://root@127.0.0.1:3306/app' })
  const store = mysqlStore({ pool })
  const queue = new Queue({ store })
  const connection = await pool.getConnection()
  try {
    await connection.beginTransaction()
    await connection.query('INSERT INTO orders (total) VALUES (?)', [42])
    await queue.add('send-receipt', { total: 42 }, { tx: connection })
    await connection.commit()
  } catch (error) {
    await connection.rollback()
    throw error
  } finally {
    connection.release()
  }
}

export function migrationExample(): string[] {
  const script = migrationSql({ dialect: 'postgres', schema: 'jobs' })
  return [script, ...migrations({ dialect: 'mysql', tablePrefix: 'app_' }).flatMap((m) => m.statements)]
}
