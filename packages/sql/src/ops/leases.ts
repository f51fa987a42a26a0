import type { Lease, ProgressParams } from '@queue/core'
import type { Executor } from '../executor.js'
import { Bind } from '../store/bind.js'
import type { Names } from '../store/names.js'
import { idParam, toJson, toNumber } from '../store/rows.js'
import { leaseKey, unindexed } from './settle.js'

/** The error recorded on a job whose worker stopped renewing its lease (as the memory store). */
export const LEASE_EXPIRED = 'lease expired'

function validLeases(leases: readonly Lease[]): { id: number; token: string }[] {
  return leases.flatMap((lease) => {
    const id = idParam(lease.id)
    return id === null || typeof lease.token !== 'string' ? [] : [{ id, token: lease.token }]
  })
}

/** Extends every lease still held (active, same token) in one statement; returns those. */
export async function renewLeases(executor: Executor, n: Names, leases: readonly Lease[], until: number): Promise<Lease[]> {
  const valid = validLeases(leases)
  if (valid.length === 0) return []
  const b = new Bind(n.dialect)
  let held: Set<string>
  if (n.dialect === 'mysql') {
    held = await executor.transaction(async (tx) => {
      const pairs = (bind: Bind): string => valid.map((l) => `(${bind.v(l.id)}, ${bind.v(l.token)})`).join(', ')
      await tx.query(`UPDATE ${n.jobs} SET locked_until = ${b.v(until)} WHERE state = 'active' AND (id, lock_token) IN (${pairs(b)})`, b.values)
      // Our UPDATE holds these rows' locks until commit, so this reads exactly what it changed.
      const read = new Bind('mysql')
      const { rows } = await tx.query(`SELECT id, lock_token FROM ${n.jobs} WHERE state = 'active' AND (id, lock_token) IN (${pairs(read)})`, read.values)
      return new Set(rows.map((row) => leaseKey(row.id, row.lock_token)))
    })
  } else {
    const json = JSON.stringify(valid)
    const sql =
      n.dialect === 'postgres'
        ? `SELECT * FROM ${n.fn('renew')}(${b.big(until)}, ${b.v(json)}::text)`
        : `UPDATE ${n.jobs} AS t SET locked_until = ${b.v(until)}
FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.token') AS token FROM json_each(${b.v(json)})) AS o
WHERE t.id = o.id AND t.lock_token = o.token AND ${unindexed(n, 't.state')} = 'active' RETURNING id, lock_token`
    const { rows } = await executor.query(sql, b.values)
    held = new Set(rows.map((row) => leaseKey(row.id, row.lock_token)))
  }
  return leases.filter((lease) => held.has(leaseKey(lease.id, lease.token))).map((lease) => ({ id: lease.id, token: lease.token }))
}

/** Stores a handler's progress while its lease is held. */
export async function storeProgress(executor: Executor, n: Names, params: ProgressParams): Promise<boolean> {
  const id = idParam(params.lease.id)
  if (id === null) return false
  const b = new Bind(n.dialect)
  const { affected } = await executor.query(
    `UPDATE ${n.jobs} SET progress = ${b.v(toJson(params.progress))} WHERE id = ${b.v(id)} AND lock_token = ${b.v(params.lease.token)} AND state = 'active'`,
    b.values,
  )
  return affected > 0
}

/**
 * Expired leases (their worker died) go back to `ready`, the attempt counted, or to `failed` when
 * none is left; the longest expired first. Returns how many moved and the queues that got work.
 */
export async function reclaimExpired(executor: Executor, n: Names, limit: number, now: number): Promise<{ moved: number; ready: string[] }> {
  if (limit === 0) return { moved: 0, ready: [] }
  const b = new Bind(n.dialect)
  const set = (bind: Bind): string =>
    `state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'ready' END,
  finished_at = CASE WHEN attempts >= max_attempts THEN ${bind.big(now)} ELSE NULL END,
  last_error = '${LEASE_EXPIRED}', locked_by = NULL, locked_until = NULL, lock_token = NULL`
  if (n.dialect === 'mysql') {
    return executor.transaction(async (tx) => {
      const { rows } = await tx.query(
        `SELECT id, queue, attempts, max_attempts FROM ${n.jobs} WHERE state = 'active' AND locked_until <= ${b.v(now)} ORDER BY locked_until, id LIMIT ${b.v(limit)} FOR UPDATE SKIP LOCKED`,
        b.values,
      )
      if (rows.length === 0) return { moved: 0, ready: [] }
      const u = new Bind('mysql')
      await tx.query(`UPDATE ${n.jobs} SET ${set(u)} WHERE id IN (${u.list(rows.map((row) => toNumber(row.id)))})`, u.values)
      const ready = rows.filter((row) => toNumber(row.attempts) < toNumber(row.max_attempts)).map((row) => String(row.queue))
      return { moved: rows.length, ready }
    })
  }
  const sql =
    n.dialect === 'postgres'
      ? `SELECT * FROM ${n.fn('reclaim_v3')}(${b.big(now)}, ${b.v(limit)}::integer, ${b.v(n.channel)}::text, ${b.v(LEASE_EXPIRED)}::text)`
      : `UPDATE ${n.jobs} SET ${set(b)}
WHERE id IN (SELECT id FROM ${n.jobs} WHERE state = 'active' AND locked_until <= ${b.v(now)} ORDER BY locked_until, id LIMIT ${b.limit(limit)})
RETURNING queue, state`
  const { rows } = await executor.query(sql, b.values)
  return { moved: rows.length, ready: rows.filter((row) => row.state === 'ready').map((row) => String(row.queue)) }
}
