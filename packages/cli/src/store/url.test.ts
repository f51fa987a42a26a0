import { describe, expect, it } from 'vitest'
import { UsageError } from '../errors.js'
import { DEFAULT_DB, parseDbUrl, redact } from './url.js'

describe('parseDbUrl', () => {
  it('defaults to a SQLite file in the working directory', () => {
    expect(parseDbUrl(DEFAULT_DB, '/srv/app')).toEqual({ kind: 'sqlite', filename: '/srv/app/queue.db' })
  })
  it('reads absolute SQLite paths, the // forms and :memory:', () => {
    expect(parseDbUrl('sqlite:/var/lib/q.db', '/x')).toEqual({ kind: 'sqlite', filename: '/var/lib/q.db' })
    expect(parseDbUrl('sqlite:///var/lib/q.db', '/x')).toEqual({ kind: 'sqlite', filename: '/var/lib/q.db' })
    expect(parseDbUrl('sqlite://./q.db', '/x')).toEqual({ kind: 'sqlite', filename: '/x/q.db' })
    expect(parseDbUrl('sqlite::memory:', '/x')).toEqual({ kind: 'sqlite', filename: ':memory:' })
  })
  it('reads PostgreSQL and MySQL/MariaDB URLs', () => {
    expect(parseDbUrl('postgres://u:p@h/db')).toEqual({ kind: 'postgres', connectionString: 'postgres://u:p@h/db' })
    expect(parseDbUrl('postgresql://h/db')).toEqual({ kind: 'postgres', connectionString: 'postgresql://h/db' })
    expect(parseDbUrl('mysql://root@h:3306/test')).toEqual({ kind: 'mysql', uri: 'mysql://root@h:3306/test' })
    expect(parseDbUrl('mariadb://root@h/test')).toEqual({ kind: 'mysql', uri: 'mysql://root@h/test' })
  })
  it('rejects unknown schemes and an empty SQLite path without echoing the password', () => {
    expect(() => parseDbUrl('redis://u:secret@h')).toThrow(UsageError)
    expect(() => parseDbUrl('redis://u:secret@h')).not.toThrow(/secret/)
    expect(() => parseDbUrl('./queue.db')).toThrow(/unsupported database/)
    expect(() => parseDbUrl('sqlite:')).toThrow(/names no SQLite file/)
  })
  it('redacts passwords', () => {
    expect(redact('postgres://user:pw@host/db')).toBe('postgres://user:***@host/db')
    expect(redact('postgres://host/db')).toBe('postgres://host/db')
  })
})
