import { type Stats, unwatchFile, watchFile } from 'node:fs'
import { MemoryNotifier } from '@queue/core'

/** How often the WAL of a watched database is looked at (a `stat`, no SQL) while someone listens. */
export const WAL_WATCH_MS = 10

/**
 * Wake-ups for a database that has no server to push them (SQLite): every store on the same
 * database in this process shares one. Core's MemoryNotifier, with two differences:
 * - listeners run after a macrotask, not a microtask, so a synchronous
 *   `db.transaction(() => queue.add(…))` has committed before anyone claims;
 * - with `watch` (a database file), a change of its WAL, which every commit of any process makes,
 *   wakes every listener with `''` (any queue) within WAL_WATCH_MS, so workers here hear of jobs
 *   another process added without waiting for their next poll. It is a `stat` of the file every
 *   WAL_WATCH_MS while someone listens: an inotify watch fired a JavaScript callback for every
 *   frame written, ~100 per commit, 4% of a drain (docs/benchmarks.md, session 14). A store that
 *   registers its connection (`watchChanges`) keeps its own commits from waking it: a WAL change
 *   wakes only when some registered connection saw a commit of another (SQLite's
 *   `PRAGMA data_version`), or when none is registered.
 */
export class LocalNotifier extends MemoryNotifier {
  readonly #wal: string | null
  #listeners = 0
  readonly #checks = new Set<() => boolean>()
  readonly #onStat = (now: Stats, before: Stats): void => {
    if (now.mtimeMs === before.mtimeMs && now.size === before.size) return
    if (this.#checks.size === 0 || this.#changedElsewhere()) this.wake([''])
  }

  constructor(options: { watch?: string } = {}) {
    super()
    this.#wal = options.watch === undefined ? null : `${options.watch}-wal`
  }

  /**
   * Registers a connection's view of the database: `changed()` is true when another connection
   * (another process, another store) committed since its last call. Returns the function that
   * unregisters it (when the connection closes).
   */
  watchChanges(changed: () => boolean): () => void {
    this.#checks.add(changed)
    return () => {
      this.#checks.delete(changed)
    }
  }

  /** Asks every registered connection (each must see every change once); a failing one counts as a change. */
  #changedElsewhere(): boolean {
    let changed = false
    for (const check of this.#checks) {
      try {
        if (check()) changed = true
      } catch {
        changed = true
      }
    }
    return changed
  }

  override async notify(queue: string): Promise<void> {
    setImmediate(() => this.wake([queue]))
  }

  override async listen(onWake: (queue: string) => void): Promise<() => Promise<void>> {
    const unlisten = await super.listen(onWake)
    // Not persistent: an idle worker's watch does not keep the process alive (its poll timer does).
    if (this.#listeners++ === 0 && this.#wal !== null) watchFile(this.#wal, { interval: WAL_WATCH_MS, persistent: false }, this.#onStat)
    let done = false
    return async () => {
      if (done) return
      done = true
      await unlisten()
      if (--this.#listeners === 0 && this.#wal !== null) unwatchFile(this.#wal, this.#onStat)
    }
  }
}

const byKey = new Map<string, LocalNotifier>()
const byOwner = new WeakMap<object, LocalNotifier>()

/**
 * The notifier shared by every store on `key`, created on first use: a string naming the database
 * (`${file}|${tablePrefix}`), or the object that owns the connection (a DataSource, a PrismaClient),
 * which lets its notifier go with it. `watch`: the database file, for wake-ups from other processes.
 */
export function localNotifier(key: string | object, options: { watch?: string } = {}): LocalNotifier {
  if (typeof key === 'string') {
    let notifier = byKey.get(key)
    if (notifier === undefined) byKey.set(key, (notifier = new LocalNotifier(options)))
    return notifier
  }
  let notifier = byOwner.get(key)
  if (notifier === undefined) byOwner.set(key, (notifier = new LocalNotifier(options)))
  return notifier
}
