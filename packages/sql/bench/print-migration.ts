/** Prints the schema for one dialect: `node … bench/print-migration.ts postgres [schema] [prefix]`. */
import type { Dialect } from '../src/executor.js'
import { migrationSql } from '../src/schema/migrations.js'
const [dialect = 'postgres', schema, tablePrefix] = process.argv.slice(2)
process.stdout.write(migrationSql({ dialect: dialect as Dialect, ...(schema ? { schema } : {}), ...(tablePrefix ? { tablePrefix } : {}) }))
