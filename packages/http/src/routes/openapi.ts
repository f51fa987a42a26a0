/** The hand-written OpenAPI 3.1 description of every route, served at `/api/v1/openapi.json`. */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const jsonBody = (schema: unknown) => ({ content: { 'application/json': { schema } } })
const error = (description: string) => ({ description, ...jsonBody(ref('Error')) })
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } }
const common = {
  '401': error('Missing or wrong bearer token'),
  '413': error('Body larger than the limit (1 MiB by default)'),
}

const command = {
  oneOf: [
    {
      type: 'object',
      required: ['type', 'url'],
      properties: {
        type: { const: 'http' },
        url: { type: 'string', format: 'uri' },
        method: { type: 'string', enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], default: 'GET' },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        params: { type: 'object', description: 'Query string for GET/HEAD, JSON body otherwise' },
        timeout: { type: 'number', description: 'Seconds', default: 30 },
        bodyBase64: { type: 'string', description: 'Raw body, sent instead of params' },
      },
    },
    {
      type: 'object',
      required: ['type', 'cmd'],
      properties: {
        type: { const: 'exec' },
        cmd: {
          description: 'A program path, or an argv array; never run through a shell; must be allow-listed',
          oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
        },
        timeout: { type: 'number', description: 'Seconds', default: 300 },
      },
    },
  ],
}

const newJob = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', description: 'Handler name; "http" and "exec" run the built-in commands' },
    payload: { description: 'Any JSON value' },
    queue: { type: 'string', default: 'default' },
    priority: { type: 'integer', default: 500, description: 'Higher runs first' },
    runAt: { type: 'string', format: 'date-time' },
    delayMs: { type: 'integer', minimum: 0 },
    groupKey: { type: 'string', description: 'Jobs of one group run one at a time, in order' },
    uniqueKey: { type: 'string', description: 'An unfinished job with the same key is returned instead' },
    maxAttempts: { type: 'integer', minimum: 1, default: 25 },
    backoff: {
      oneOf: [
        { type: 'object', required: ['type', 'baseMs', 'maxMs'], properties: { type: { const: 'exponential' }, baseMs: { type: 'integer' }, maxMs: { type: 'integer' }, jitter: { type: 'boolean' } } },
        { type: 'object', required: ['type', 'delayMs'], properties: { type: { const: 'fixed' }, delayMs: { type: 'integer' } } },
      ],
    },
    timeoutMs: { type: 'integer', minimum: 1 },
  },
}

const state = { type: 'string', enum: ['scheduled', 'ready', 'active', 'waiting', 'retry', 'completed', 'failed', 'cancelled'] }
const counts = { type: 'object', properties: Object.fromEntries(state.enum.map((s) => [s, { type: 'integer' }])) }
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra })

const job = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    queue: { type: 'string' },
    name: { type: 'string' },
    payload: {},
    state,
    priority: { type: 'integer' },
    attempts: { type: 'integer' },
    maxAttempts: { type: 'integer' },
    backoff: {},
    timeoutMs: nullable('integer'),
    runAt: { type: 'string', format: 'date-time' },
    groupKey: nullable('string'),
    uniqueKey: nullable('string'),
    result: {},
    lastError: nullable('string'),
    progress: {},
    lockedBy: nullable('string'),
    lockedUntil: nullable('string', { format: 'date-time' }),
    createdAt: { type: 'string', format: 'date-time' },
    startedAt: nullable('string', { format: 'date-time' }),
    finishedAt: nullable('string', { format: 'date-time' }),
    stats: {},
  },
}

/** The OpenAPI document; `prefix` is where the API is mounted. */
export function openApiDocument(options: { prefix?: string } = {}): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: '@queue HTTP API', version: '1', description: 'Jobs, seed-001 compatible routes, webhook intake and metrics.' },
    servers: [{ url: options.prefix || '/' }],
    security: [{ bearer: [] }],
    paths: {
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { '200': { description: 'Up', ...jsonBody({ type: 'object', properties: { status: { const: 'ok' } } }) } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'Text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } }, ...common } } },
      '/jobs/add': {
        post: {
          summary: 'Add a command job (seed 001)',
          requestBody: { required: true, ...jsonBody(ref('CommandJob')) },
          responses: {
            '200': { description: 'Stored', ...jsonBody({ type: 'object', properties: { status: { const: 200 }, data: { type: 'object', properties: { id: { type: 'string' } } } } }) },
            '400': error('Invalid JSON or field'),
            ...common,
          },
        },
      },
      '/jobs/status': {
        get: {
          summary: 'Queue load (seed 001)',
          responses: {
            '200': {
              description: 'waiting: not yet started; working: running',
              ...jsonBody({ type: 'object', properties: { status: { const: 200 }, data: { type: 'object', properties: { waiting: { type: 'integer' }, working: { type: 'integer' }, max_threads: { type: 'integer' }, free_threads: { type: 'integer' } } } } }),
            },
            ...common,
          },
        },
      },
      '/jobs/status/{id}': {
        get: {
          summary: 'One job (seed 001)',
          parameters: [idParam],
          responses: { '200': { description: 'The job, with a seed-001 status word', ...jsonBody({ type: 'object', properties: { status: { const: 200 }, data: ref('Job') } }) }, '404': error('Unknown id'), ...common },
        },
      },
      '/api/v1/jobs': {
        post: {
          summary: 'Create one job or a batch',
          requestBody: { required: true, ...jsonBody({ oneOf: [ref('NewJob'), { type: 'object', required: ['jobs'], properties: { jobs: { type: 'array', items: ref('NewJob'), minItems: 1, maxItems: 1000 } } }] }) },
          responses: {
            '201': { description: 'Created: `{ job, duplicate }` or `{ jobs }`', ...jsonBody({ type: 'object', properties: { job: ref('Job'), duplicate: { type: 'boolean' }, jobs: { type: 'array', items: ref('Job') } } }) },
            '200': { description: 'An unfinished job held the uniqueKey; it is returned', ...jsonBody({ type: 'object', properties: { job: ref('Job'), duplicate: { const: true } } }) },
            '400': error('Invalid JSON or field'),
            ...common,
          },
        },
        get: {
          summary: 'List jobs, newest first',
          parameters: [
            { name: 'state', in: 'query', schema: state },
            { name: 'queue', in: 'query', schema: { type: 'string' } },
            { name: 'name', in: 'query', schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'nextCursor of the previous page' },
          ],
          responses: { '200': { description: 'A page', ...jsonBody({ type: 'object', properties: { jobs: { type: 'array', items: ref('Job') }, nextCursor: nullable('string') } }) }, '400': error('Invalid filter'), ...common },
        },
      },
      '/api/v1/jobs/{id}': {
        get: { summary: 'Get a job', parameters: [idParam], responses: { '200': { description: 'The job', ...jsonBody({ type: 'object', properties: { job: ref('Job') } }) }, '404': error('Unknown id'), ...common } },
        delete: { summary: 'Delete a job in any state', parameters: [idParam], responses: { '204': { description: 'Deleted' }, '404': error('Unknown id'), ...common } },
      },
      '/api/v1/jobs/{id}/retry': {
        post: { summary: 'Run a failed or cancelled job again', parameters: [idParam], responses: { '200': { description: 'Ready again', ...jsonBody(ref('Change')) }, '404': error('Unknown id'), '409': error('Not failed or cancelled'), ...common } },
      },
      '/api/v1/jobs/{id}/cancel': {
        post: { summary: 'Cancel an unfinished job', parameters: [idParam], responses: { '200': { description: 'Cancelled', ...jsonBody(ref('Change')) }, '404': error('Unknown id'), '409': error('Already finished'), ...common } },
      },
      '/api/v1/queues': {
        get: { summary: 'Counts per state for every queue', responses: { '200': { description: 'Queues', ...jsonBody({ type: 'object', properties: { queues: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, counts } } } } }) }, ...common } },
      },
      '/api/v1/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1', ...jsonBody({ type: 'object' }) }, ...common } } },
      '/hooks/{name}': {
        post: {
          summary: 'Webhook intake: stored durably, processed later',
          description: 'Hooks with a secret accept an HMAC-SHA256 signature of the raw body (X-Hub-Signature-256: sha256=<hex> by default) instead of the bearer token. PUT and PATCH are accepted too.',
          security: [{ bearer: [] }, { hookSignature: [] }],
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { description: 'Any content; stored byte for byte', content: { '*/*': { schema: {} } } },
          responses: { '202': { description: 'Stored', ...jsonBody({ type: 'object', properties: { id: { type: 'string' } } }) }, '404': error('Undeclared hook'), ...common },
        },
      },
      '/hooks/{name}/{secret}': {
        post: {
          summary: 'Webhook intake for senders that sign nothing: the secret is the last path segment',
          security: [],
          parameters: [
            { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'secret', in: 'path', required: true, schema: { type: 'string' } },
          ],
          requestBody: { content: { '*/*': { schema: {} } } },
          responses: { '202': { description: 'Stored', ...jsonBody({ type: 'object', properties: { id: { type: 'string' } } }) }, '401': error('Wrong secret'), '404': error('Undeclared hook or hook without a secret'), '413': common['413'] },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        hookSignature: { type: 'apiKey', in: 'header', name: 'X-Hub-Signature-256' },
      },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } } },
        Command: command,
        CommandJob: {
          type: 'object',
          required: ['command'],
          properties: {
            priority: { type: 'integer', default: 500 },
            context: { type: 'string' },
            command: ref('Command'),
            callback_done: ref('Command'),
            callback_failed: ref('Command'),
          },
        },
        NewJob: newJob,
        Job: job,
        Change: { type: 'object', properties: { job: ref('Job'), changed: { type: 'boolean' } } },
      },
    },
  }
}
