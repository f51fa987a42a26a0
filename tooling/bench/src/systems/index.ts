/** Every benchmarked system, in table order: reference loops, @queue, then the peers. */
import { bullmqSpec } from './bullmq.js'
import { graphileSpecs } from './graphile.js'
import { pgBossSpecs } from './pgboss.js'
import { plainjobSpec } from './plainjob.js'
import { portSpecs } from './queue-port.js'
import { claimPathSpecs, queueSpecs } from './queue.js'
import { rawPgSpecs } from './raw-pg.js'
import { rawSqliteSpec } from './raw-sqlite.js'
import { sidequestSpecs } from './sidequest.js'
import type { SystemSpec } from './system.js'

export const allSystems: SystemSpec[] = [
  ...rawPgSpecs,
  rawSqliteSpec,
  ...queueSpecs,
  ...claimPathSpecs,
  ...portSpecs,
  ...graphileSpecs,
  ...pgBossSpecs,
  bullmqSpec,
  plainjobSpec,
  ...sidequestSpecs,
]
