import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { CANCEL, DELETE_JOB, PRUNE, REMOVE, RETRY } from './admin.js'
import { CLAIM } from './claim.js'
import { COMMON } from './common.js'
import { INSERT, INSERT_LEASED } from './insert.js'
import { PROGRESS, RECLAIM, RENEW } from './leases.js'
import { COUNTS, COUNTS_BY_QUEUE, LIST } from './reporting.js'
import { SETTLE } from './settle.js'

/** A Lua script run by EVALSHA, loaded by EVAL the first time a server does not know it. */
export class Script {
  readonly source: string
  readonly sha: string

  /** `body` opens with its `--[[ Input: ... ]]` header; the shared helpers go right after it. */
  constructor(body: string, helpers: readonly string[] = []) {
    const text = body.trimStart()
    const end = text.startsWith('--[[') ? text.indexOf(']]') + 2 : 0
    this.source = `${text.slice(0, end)}\n${COMMON}${helpers.join('')}${text.slice(end)}`
    this.sha = createHash('sha1').update(this.source).digest('hex')
  }

  /** Runs the script with one key (the prefix) and `args`. */
  async run(redis: Redis, prefix: string, args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, 1, prefix, ...args)
    } catch (error) {
      // NOSCRIPT: a fresh server or SCRIPT FLUSH; EVAL loads it into the script cache again.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      return await redis.eval(this.source, 1, prefix, ...args)
    }
  }
}

/** Every script of the store, one per operation. */
export const SCRIPTS = {
  insert: new Script(INSERT),
  insertLeased: new Script(INSERT_LEASED),
  claim: new Script(CLAIM),
  settle: new Script(SETTLE),
  renew: new Script(RENEW),
  progress: new Script(PROGRESS),
  reclaim: new Script(RECLAIM),
  cancel: new Script(CANCEL),
  retry: new Script(RETRY),
  remove: new Script(REMOVE, [DELETE_JOB]),
  prune: new Script(PRUNE, [DELETE_JOB]),
  counts: new Script(COUNTS),
  countsByQueue: new Script(COUNTS_BY_QUEUE),
  list: new Script(LIST),
} as const
