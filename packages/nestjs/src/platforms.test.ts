// Both HTTP platforms booted for real: a Nest application on a port, an HTTP request that enqueues,
// the module's worker completing the job, and a graceful close.
import 'reflect-metadata'
import { Body, Controller, Get, Module, NotFoundException, Param, Post, type INestApplication } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { ExpressAdapter } from '@nestjs/platform-express'
import { FastifyAdapter } from '@nestjs/platform-fastify'
import { memoryStore, Queue } from '@queue/core'
import { afterEach, describe, expect, it } from 'vitest'
import { InjectQueue } from './decorators/inject-queue.decorator.js'
import { Process } from './decorators/process.decorator.js'
import { Processor } from './decorators/processor.decorator.js'
import { QueueModule } from './queue.module.js'
import { waitFor } from './test-support/wait.js'

@Controller('emails')
class EmailController {
  constructor(@InjectQueue() private readonly queue: Queue) {}

  @Post()
  async send(@Body() body: { to: string }) {
    const job = await this.queue.add('email.send', { to: body.to })
    return { id: job.id, state: job.state }
  }

  @Get(':id')
  async status(@Param('id') id: string) {
    const job = await this.queue.get(id)
    if (job === null) throw new NotFoundException(`no job ${id}`)
    return { id: job.id, state: job.state, result: job.result }
  }
}

@Processor()
class EmailProcessor {
  @Process('email.send')
  async send(payload: { to: string }) {
    return { delivered: payload.to }
  }
}

@Module({
  imports: [QueueModule.forRoot({ store: memoryStore(), isGlobal: true, worker: { pollMs: { min: 5, max: 50 } } })],
  controllers: [EmailController],
  providers: [EmailProcessor],
})
class AppModule {}

let app: INestApplication | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const platforms = [
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
] as const

describe.each(platforms)('on the %s platform', (_name, adapter) => {
  it('enqueues from a controller and completes the job in the application worker', async () => {
    app = await NestFactory.create(AppModule, adapter(), { logger: false })
    app.enableShutdownHooks()
    await app.listen(0, '127.0.0.1')
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1')

    const created = await fetch(`${base}/emails`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'ada@example.com' }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }

    const done = await waitFor(async () => {
      const response = await fetch(`${base}/emails/${id}`)
      const body = (await response.json()) as { state: string; result: unknown }
      return body.state === 'completed' ? body : null
    })
    expect(done.result).toEqual({ delivered: 'ada@example.com' })
    expect((await fetch(`${base}/emails/nope`)).status).toBe(404)
  })
})
