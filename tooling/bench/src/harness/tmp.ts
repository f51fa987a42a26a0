/** Temporary SQLite files, one per system instance, removed with their WAL and SHM files. */
import { rmSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function tempDbFile(label: string): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `bench-${label}-`))
  const file = join(dir, 'queue.db')
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
