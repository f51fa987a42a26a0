/** MySQL / MariaDB helpers: reachability and one-off statements. */
import mysql from 'mysql2/promise'
import { MYSQL_URL } from './env.js'

export async function mysqlReachable(): Promise<string | null> {
  try {
    const connection = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 2000 })
    await connection.end()
    return null
  } catch (error) {
    return `MySQL unreachable at ${MYSQL_URL}: ${(error as Error).message}`
  }
}

export async function mysqlExec(sql: string, params: unknown[] = []): Promise<unknown> {
  const connection = await mysql.createConnection({ uri: MYSQL_URL })
  try {
    const [rows] = await connection.query(sql, params)
    return rows
  } finally {
    await connection.end()
  }
}
