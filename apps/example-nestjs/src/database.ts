/** TypeORM options: SQLite in ./app.db by default, PostgreSQL when DATABASE_URL is set. */
import type { TypeOrmModuleOptions } from '@nestjs/typeorm'
import { Invite } from './users/invite.entity.js'
import { User } from './users/user.entity.js'

export function databaseOptions(env: NodeJS.ProcessEnv = process.env): TypeOrmModuleOptions {
  const entities = [User, Invite]
  if (env.DATABASE_URL) {
    return { type: 'postgres', url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, entities, synchronize: true }
  }
  return { type: 'better-sqlite3', database: env.SQLITE_FILE ?? 'app.db', entities, synchronize: true }
}
