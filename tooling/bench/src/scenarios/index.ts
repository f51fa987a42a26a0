/** The scenarios in run order. */
import { drain } from './drain.js'
import { bulkEnqueue, oneByOneEnqueue } from './enqueue.js'
import { latency } from './latency.js'
import type { Scenario } from './scenario.js'
import { sustained } from './sustained.js'

export const scenarios: Scenario[] = [bulkEnqueue, oneByOneEnqueue, drain, latency, sustained]
