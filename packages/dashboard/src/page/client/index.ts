/** The dashboard's browser script: its parts in one strict-mode function scope, so nothing leaks onto `window`. */
import { STATES } from '../states.js'
import { API_SCRIPT } from './api.js'
import { JOBS_SCRIPT } from './jobs.js'
import { LOOP_SCRIPT } from './loop.js'
import { OVERVIEW_SCRIPT } from './overview.js'

/** The whole client, ready to inline in a `<script>` element; the state list is shared with the markup. */
export const CLIENT_SCRIPT = `(() => {\n'use strict';\nconst STATES = ${JSON.stringify(STATES)};\n${API_SCRIPT}${OVERVIEW_SCRIPT}${JOBS_SCRIPT}${LOOP_SCRIPT}})();\n`
