import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Notifier } from '@queue/core'
import { describe, expect, it } from 'vitest'
import { deferredNotifier, type ClosableNotifier } from './deferred.js'
import { LocalNotifier, localNotifier } from './local.js'

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('LocalNotifier', () => {
  it('wakes listeners only after the current macrotask, so a synchronous transaction commits first', async () => {
    const notifier = new LocalNotifier()
    const woken: string[] = []
    await notifier.listen((queue) => woken.push(queue))
    void notifier.notify('emails')
    await Promise.resolve()
    expect(woken).toEqual([])
    await nextMacrotask()
    await nextMacrotask()
    expect(woken).toEqual(['emails'])
  })

  it('stops waking a listener that unsubscribed', async () => {
    const notifier = new LocalNotifier()
    const woken: string[] = []
    const stop = await notifier.listen((queue) => woken.push(queue))
    await stop()
    await notifier.notify('emails')
    await nextMacrotask()
    await nextMacrotask()
    expect(woken).toEqual([])
  })

  it('with watch, wakes every listener with "" when the WAL changes, only while someone listens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-notify-'))
    const file = join(dir, 'jobs.db')
    const settle = () => new Promise((resolve) => setTimeout(resolve, 100))
    try {
      appendFileSync(`${file}-wal`, 'x')
      const notifier = new LocalNotifier({ watch: file })
      const woken: string[] = []
      const stop = await notifier.listen((queue) => woken.push(queue))
      await settle()
      appendFileSync(join(dir, 'other.db-wal'), 'x')
      await settle()
      expect(woken).toEqual([])
      appendFileSync(`${file}-wal`, 'x')
      for (let i = 0; i < 200 && woken.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10))
      expect(woken).toEqual([''])
      await stop()
      appendFileSync(`${file}-wal`, 'x')
      await settle()
      expect(woken).toEqual([''])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('shares one notifier per key and per owner object', () => {
    const owner = {}
    expect(localNotifier('a.db|queue_')).toBe(localNotifier('a.db|queue_'))
    expect(localNotifier('a.db|queue_')).not.toBe(localNotifier('b.db|queue_'))
    expect(localNotifier(owner)).toBe(localNotifier(owner))
    expect(localNotifier(owner)).not.toBe(localNotifier({}))
  })
})

function recording(log: string[]): ClosableNotifier {
  return {
    listen: async () => {
      log.push('listen')
      return async () => {}
    },
    notify: async (queue: string) => void log.push(`notify ${queue}`),
    close: async () => void log.push('close'),
  } satisfies Notifier & { close(): Promise<void> }
}

describe('deferredNotifier', () => {
  it('opens nothing until first used, then opens once', async () => {
    const log: string[] = []
    let opened = 0
    const notifier = deferredNotifier(async () => (opened++, recording(log)))
    expect(opened).toBe(0)
    await Promise.all([notifier.notify('a'), notifier.listen(() => {})])
    await notifier.notify('b')
    expect(opened).toBe(1)
    await notifier.close()
    expect(log.sort()).toEqual(['close', 'listen', 'notify a', 'notify b'])
  })

  it('tries again after a failed open, and closes without opening', async () => {
    let attempts = 0
    const notifier = deferredNotifier(async () => {
      if (++attempts === 1) throw new Error('no pg')
      return recording([])
    })
    await notifier.close()
    await expect(notifier.notify('a')).rejects.toThrow('no pg')
    await notifier.close()
    await expect(notifier.notify('a')).resolves.toBeUndefined()
    expect(attempts).toBe(2)
  })
})
