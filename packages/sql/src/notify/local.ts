import { MemoryNotifier } from '@queue/core'

/**
 * Wake-ups inside one process, for a database that has no server to push them (SQLite): every
 * store on the same database shares one, and workers in other processes poll. Core's
 * MemoryNotifier, with one difference: listeners run after a macrotask, not a microtask, so a
 * synchronous `db.transaction(() => queue.add(…))` has committed before anyone claims.
 */
export class LocalNotifier extends MemoryNotifier {
  override async notify(queue: string): Promise<void> {
    setImmediate(() => this.wake([queue]))
  }
}

const byKey = new Map<string, LocalNotifier>()
const byOwner = new WeakMap<object, LocalNotifier>()

/**
 * The notifier shared by every store on `key`, created on first use: a string naming the database
 * (`${file}|${tablePrefix}`), or the object that owns the connection (a DataSource, a PrismaClient),
 * which lets its notifier go with it.
 */
export function localNotifier(key: string | object): LocalNotifier {
  if (typeof key === 'string') {
    let notifier = byKey.get(key)
    if (notifier === undefined) byKey.set(key, (notifier = new LocalNotifier()))
    return notifier
  }
  let notifier = byOwner.get(key)
  if (notifier === undefined) byOwner.set(key, (notifier = new LocalNotifier()))
  return notifier
}
