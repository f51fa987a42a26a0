import { loadConfig } from '../config/file.js'
import { cliLogger, serverLogger } from '../output/logger.js'
import { describe, openMigratedStore } from '../store/open.js'
import { parseDbUrl } from '../store/url.js'
import { CliError } from '../errors.js'
import { HELP_OPTION, type Command } from './command.js'
import { withPrefix } from './db.js'
import { checkExposure, resolveServerSettings } from './server-settings.js'

/** `queue server`: the HTTP API (seed 001 routes, /api/v1, webhooks) with a worker in the same process. */
export const serverCommand: Command = {
  name: 'server',
  summary: 'run the queue server: HTTP API, webhook intake and a worker',
  help: `Usage: queue server [--db <url>] [--host 127.0.0.1] [--port 3000] [--token <t>] [options]

Serves the HTTP API (POST /jobs/add, GET /jobs/status[/:id], /api/v1, POST /hooks/:name,
/metrics, /healthz) and the web dashboard at /dashboard (unless --no-dashboard), and runs its
jobs. SIGTERM/SIGINT stop accepting requests, let running jobs finish within the grace period and
close the database; accepted jobs are never lost.

Options:
  --db <url>          sqlite:./queue.db (default), sqlite:/abs/path.db, postgres://…, mysql://…
                      [env QUEUE_DB]
  --table-prefix <p>  table name prefix (default queue_) [env QUEUE_TABLE_PREFIX]
  --host <addr>       interface to listen on (default 127.0.0.1; anything but loopback needs a token)
  --port <n>          port (default 3000; 0 picks a free one)
  --token <t>         require "Authorization: Bearer <t>" on every route but /healthz [env QUEUE_TOKEN]
  --max-threads <n>   jobs run at once (default 20); reported as max_threads by /jobs/status
  --allow-exec <path> programs the exec command may run; repeatable or comma-separated; needs a token
  --hook <name[=url]> declare POST /hooks/<name>; with =url each request is forwarded there as an
                      http job (queue default); without, it is stored as a hook.<name> job in
                      queue hooks; repeatable
  --queues <a,b>      the queues this server's worker runs (http and exec jobs); repeatable or
                      comma-separated (default: default). Hook jobs without forward wait in queue
                      hooks for your own worker:
                      new Worker({ store, queues: ['hooks'], handlers: { 'hook.github': … } })
  --no-dashboard      do not serve the web dashboard (/dashboard answers 404)
  --config <file>     JSON config: {"db","tablePrefix","host","port","token","maxThreads","allowExec",
                      "dashboard", "queues", "hooks": {"name": {"forward","secret","signatureHeader",
                      "signaturePrefix","queue"}}}; flags and env override it
  --grace <duration>  how long running jobs may finish on shutdown (default 10s)
  -h, --help          show this help

Example:
  queue server --port 3000 --hook github --config queue.config.json`,
  options: {
    ...HELP_OPTION,
    db: { type: 'string' },
    'table-prefix': { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    token: { type: 'string' },
    'max-threads': { type: 'string' },
    'allow-exec': { type: 'string', multiple: true },
    hook: { type: 'string', multiple: true },
    queues: { type: 'string', multiple: true },
    'no-dashboard': { type: 'boolean' },
    config: { type: 'string' },
    grace: { type: 'string' },
  },
  maxPositionals: 0,
  async run({ values, io }) {
    const config = values.config !== undefined ? await loadConfig(values.config as string) : {}
    const settings = resolveServerSettings(values, io.env, config)
    checkExposure(settings)
    const target = withPrefix(parseDbUrl(settings.db, io.cwd), settings.tablePrefix)
    const store = await openMigratedStore(target)

    // Loaded here, not at the top: `queue --help` and the admin commands start without Fastify.
    const [{ default: Fastify, LogController }, { queuePlugin }] = await Promise.all([import('fastify'), import('@queue/fastify')])
    // serverLogger drops per-request info lines anyway; this spares Fastify building them (~3% of a
    // webhook). Through a LogController: the top-level `disableRequestLogging` is deprecated since
    // Fastify 5.12 and printed a warning at every start.
    const app = Fastify({ loggerInstance: serverLogger(io), logController: new LogController({ disableRequestLogging: true }) })
    await app.register(queuePlugin, {
      store,
      migrate: false,
      worker: { concurrency: settings.maxThreads, queues: settings.queues, logger: cliLogger(io), graceMs: settings.graceMs },
      commands: { allowExec: settings.allowExec },
      maxThreads: settings.maxThreads,
      hooks: settings.hooks,
      dashboard: settings.dashboard,
      ...(settings.token !== undefined ? { auth: { token: settings.token } } : {}),
    })
    let address: string
    try {
      address = await app.listen({ host: settings.host, port: settings.port })
    } catch (error) {
      await app.close()
      throw new CliError(`queue server: cannot listen on ${settings.host}:${settings.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    }
    const hooks = Object.keys(settings.hooks)
    io.stdout.write(
      `queue server listening on ${address} (db ${describe(target)}, max threads ${settings.maxThreads}, queues ${settings.queues.join(',')}` +
        `${settings.token !== undefined ? ', token required' : ''}${hooks.length > 0 ? `, hooks ${hooks.join(', ')}` : ''})\n`,
    )
    // The page itself needs no token (a browser cannot send one on navigation); it asks for it on the first 401.
    if (settings.dashboard) io.stdout.write(`queue server: dashboard at ${address}/dashboard\n`)
    const signal = await io.shutdown
    io.stdout.write(`queue server: ${signal}, shutting down (grace ${settings.graceMs} ms)\n`)
    await app.close()
    io.stdout.write('queue server: stopped\n')
    return 0
  },
}
