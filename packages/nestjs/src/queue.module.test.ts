import 'reflect-metadata'
import { Inject, Injectable, Logger, Module } from '@nestjs/common'
import { Test, type TestingModule } from '@nestjs/testing'
import { memoryStore, Queue, type JobContext, type JobStore } from '@queue/core'
import { NestFactory } from '@nestjs/core'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { InjectQueue } from './decorators/inject-queue.decorator.js'
import { Process } from './decorators/process.decorator.js'
import { Processor } from './decorators/processor.decorator.js'
import { getQueueToken } from './queue.constants.js'
import { QueueModuleError } from './queue.errors.js'
import { QueueModule } from './queue.module.js'
import { QueueWorkers } from './queue.workers.js'
import { waitFor, waitForState } from './test-support/wait.js'

beforeAll(() => Logger.overrideLogger(false))

@Injectable()
class Mailer {
  readonly sent: string[] = []
}

@Processor()
class EmailProcessor {
  constructor(private readonly mailer: Mailer) {}

  @Process('email.send')
  async send(payload: { to: string }, ctx: JobContext): Promise<{ delivered: string; attempt: number }> {
    this.mailer.sent.push(payload.to)
    return { delivered: payload.to, attempt: ctx.attempt }
  }
}

@Injectable()
class SignupService {
  constructor(@InjectQueue() readonly queue: Queue) {}

  signup(email: string) {
    return this.queue.add('email.send', { to: email })
  }
}

let moduleRef: TestingModule | undefined
afterEach(async () => {
  await moduleRef?.close()
  moduleRef = undefined
})

async function boot(options: { store?: JobStore; worker?: false | object; providers?: unknown[]; imports?: unknown[] } = {}) {
  const store = options.store ?? memoryStore()
  moduleRef = await Test.createTestingModule({
    imports: [QueueModule.forRoot({ store, ...(options.worker === undefined ? {} : { worker: options.worker as false }) }), ...((options.imports ?? []) as [])],
    providers: (options.providers ?? [Mailer, EmailProcessor, SignupService]) as [],
  }).compile()
  await moduleRef.init()
  return { moduleRef, store, queue: moduleRef.get<Queue>(getQueueToken()) }
}

describe('QueueModule', () => {
  it('provides the Queue by its token, by its class and through @InjectQueue', async () => {
    const { moduleRef, store, queue } = await boot()
    expect(queue).toBeInstanceOf(Queue)
    expect(queue.store).toBe(store)
    expect(moduleRef.get(Queue)).toBe(queue)
    expect(moduleRef.get(SignupService).queue).toBe(queue)
  })

  it('runs a @Process method of a @Processor provider with its dependencies injected', async () => {
    const { moduleRef, queue } = await boot()
    const job = await moduleRef.get(SignupService).signup('ada@example.com')
    const done = await waitForState(queue, job.id, 'completed')
    expect(done.result).toEqual({ delivered: 'ada@example.com', attempt: 1 })
    expect(moduleRef.get(Mailer).sent).toEqual(['ada@example.com'])
  })

  it('starts no worker with worker: false, so jobs wait for another node', async () => {
    const { moduleRef, queue } = await boot({ worker: false })
    expect(moduleRef.get(QueueWorkers).workers).toHaveLength(0)
    const job = await moduleRef.get(SignupService).signup('bob@example.com')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await queue.get(job.id))?.state).toBe('ready')
  })

  it('starts no worker when no provider has a @Process handler', async () => {
    const { moduleRef } = await boot({ providers: [SignupService] })
    expect(moduleRef.get(QueueWorkers).workers).toHaveLength(0)
  })

  it('gives processors with other options their own worker, honouring their queues', async () => {
    const ran: string[] = []
    @Processor({ queues: ['reports'], concurrency: 2 })
    class ReportProcessor {
      @Process('report.build')
      build(payload: { n: number }) {
        ran.push(`report ${payload.n}`)
        return payload.n * 2
      }
    }
    @Processor({ concurrency: 2, queues: ['reports'] })
    class ReportCleanup {
      @Process('report.clean')
      clean() {
        ran.push('clean')
      }
    }
    const { moduleRef, queue } = await boot({ providers: [Mailer, EmailProcessor, ReportProcessor, ReportCleanup], worker: { pollMs: 5 } })
    // EmailProcessor's worker serves every queue; the two report processors share one on `reports`.
    expect(moduleRef.get(QueueWorkers).workers).toHaveLength(2)
    const report = await queue.add('report.build', { n: 21 }, { queue: 'reports' })
    const clean = await queue.add('report.clean', null, { queue: 'reports' })
    expect((await waitForState(queue, report.id, 'completed')).result).toBe(42)
    await waitForState(queue, clean.id, 'completed')
    expect(ran.sort()).toEqual(['clean', 'report 21'])
  })

  it('keeps a worker to its priority range', async () => {
    @Processor({ priority: { min: 100 } })
    class UrgentProcessor {
      @Process('urgent')
      run() {
        return 'done'
      }
    }
    const { queue } = await boot({ providers: [UrgentProcessor] })
    const low = await queue.add('urgent', null, { priority: 10 })
    const high = await queue.add('urgent', null, { priority: 900 })
    await waitForState(queue, high.id, 'completed')
    expect((await queue.get(low.id))?.state).toBe('ready')
  })

  it('fails a job permanently when its handler throws, and retries otherwise', async () => {
    const { PermanentError } = await import('@queue/core')
    let calls = 0
    @Processor()
    class FlakyProcessor {
      @Process('flaky')
      flaky() {
        calls++
        if (calls === 1) throw new Error('first attempt fails')
        return 'second attempt works'
      }
      @Process('broken')
      broken() {
        throw new PermanentError('never works')
      }
    }
    const { queue } = await boot({ providers: [FlakyProcessor] })
    const flaky = await queue.add('flaky', null, { backoff: { type: 'fixed', delayMs: 10 } })
    const broken = await queue.add('broken', null)
    expect((await waitForState(queue, flaky.id, 'completed')).attempts).toBe(2)
    expect((await waitForState(queue, broken.id, 'failed')).lastError).toMatch(/never works/)
  })

  it('lets running jobs finish when the application closes', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    @Processor()
    class SlowProcessor {
      @Process('slow')
      async slow() {
        await gate
        return 'finished'
      }
    }
    const { moduleRef: app, queue } = await boot({ providers: [SlowProcessor] })
    const job = await queue.add('slow', null)
    await waitForState(queue, job.id, 'active')
    const closing = app.close()
    setTimeout(release, 50)
    await closing
    moduleRef = undefined
    expect((await queue.get(job.id))?.state).toBe('completed')
  })

  it('drains running jobs on a shutdown signal with enableShutdownHooks', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    @Processor()
    class SlowProcessor {
      @Process('slow')
      async slow() {
        await gate
        return 'finished'
      }
    }
    const store = memoryStore()
    @Module({ imports: [QueueModule.forRoot({ store })], providers: [SlowProcessor] })
    class SignalModule {}
    // Nest re-sends the signal to the process once it has shut down; keep the test runner alive.
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true)
    try {
      const app = await NestFactory.createApplicationContext(SignalModule, { logger: false })
      app.enableShutdownHooks(['SIGUSR2'])
      await app.init()
      const queue = app.get(Queue)
      const job = await queue.add('slow', null)
      await waitForState(queue, job.id, 'active')
      process.emit('SIGUSR2', 'SIGUSR2')
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(kill).not.toHaveBeenCalled() // still waiting for the running job
      release()
      await waitFor(async () => kill.mock.calls.length > 0)
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGUSR2')
      expect((await queue.get(job.id))?.state).toBe('completed')
    } finally {
      kill.mockRestore()
    }
  })

  it('refuses two handlers for one job name', async () => {
    @Processor()
    class Other {
      @Process('email.send')
      send() {}
    }
    const store = memoryStore()
    const ref = await Test.createTestingModule({
      imports: [QueueModule.forRoot({ store })],
      providers: [Mailer, EmailProcessor, Other],
    }).compile()
    await expect(ref.init()).rejects.toThrow(QueueModuleError)
    await expect(ref.init()).rejects.toThrow(/job "email.send" has two handlers: EmailProcessor.send and Other.send/)
    await ref.close().catch(() => {})
  })

  it('refuses a missing store with a QueueModuleError', async () => {
    const compile = Test.createTestingModule({ imports: [QueueModule.forRoot({} as never)] }).compile()
    await expect(compile).rejects.toThrow(/needs a store/)
  })

  it('refuses an empty @Process name', () => {
    expect(() => Process('')).toThrow(TypeError)
  })

  it('migrates the store at init and closes it only with closeStore', async () => {
    const calls: string[] = []
    const watched = (): JobStore => {
      const store = memoryStore()
      return Object.assign(Object.create(store) as JobStore, {
        migrate: async () => void calls.push('migrate'),
        close: async () => void calls.push('close'),
      })
    }
    const first = await Test.createTestingModule({ imports: [QueueModule.forRoot({ store: watched() })] }).compile()
    await first.init()
    await first.close()
    expect(calls).toEqual(['migrate'])
    calls.length = 0
    const second = await Test.createTestingModule({ imports: [QueueModule.forRoot({ store: watched(), migrate: false, closeStore: true })] }).compile()
    await second.init()
    await second.close()
    expect(calls).toEqual(['close'])
  })
})

describe('QueueModule.forRootAsync', () => {
  it('builds its options from injected providers', async () => {
    const store = memoryStore()
    @Module({ providers: [{ provide: 'QUEUE_STORE', useValue: store }], exports: ['QUEUE_STORE'] })
    class StorageModule {}
    moduleRef = await Test.createTestingModule({
      imports: [QueueModule.forRootAsync({ imports: [StorageModule], inject: ['QUEUE_STORE'], useFactory: (s: JobStore) => ({ store: s }) })],
      providers: [Mailer, EmailProcessor, SignupService],
    }).compile()
    await moduleRef.init()
    const queue = moduleRef.get(Queue)
    expect(queue.store).toBe(store)
    const job = await moduleRef.get(SignupService).signup('eve@example.com')
    await waitForState(queue, job.id, 'completed')
  })

  it('is global with isGlobal, so feature modules inject the Queue without importing it', async () => {
    @Injectable()
    class FeatureService {
      constructor(@Inject(Queue) readonly queue: Queue) {}
    }
    @Module({ providers: [FeatureService], exports: [FeatureService] })
    class FeatureModule {}
    moduleRef = await Test.createTestingModule({
      imports: [QueueModule.forRootAsync({ isGlobal: true, useFactory: async () => ({ store: memoryStore() }) }), FeatureModule],
    }).compile()
    await moduleRef.init()
    expect(moduleRef.get(FeatureService).queue).toBe(moduleRef.get(Queue))
  })

  it('is not global by default', async () => {
    @Injectable()
    class FeatureService {
      constructor(@Inject(Queue) readonly queue: Queue) {}
    }
    @Module({ providers: [FeatureService] })
    class FeatureModule {}
    const compile = Test.createTestingModule({ imports: [QueueModule.forRoot({ store: memoryStore() }), FeatureModule] }).compile()
    await expect(compile).rejects.toThrow(/can't resolve dependencies/i)
  })
})

describe('QueueWorkers', () => {
  it('applies the module worker defaults under each processor\'s own options', async () => {
    @Processor({ concurrency: 3 })
    class Narrow {
      @Process('narrow')
      run() {
        return 'ran'
      }
    }
    const { queue } = await boot({ providers: [Narrow], worker: { queues: ['only-this'] } })
    const elsewhere = await queue.add('narrow', null)
    const here = await queue.add('narrow', null, { queue: 'only-this' })
    await waitForState(queue, here.id, 'completed')
    expect((await queue.get(elsewhere.id))?.state).toBe('ready')
  })

  it('exposes the started workers', async () => {
    const { moduleRef } = await boot()
    const workers = moduleRef.get(QueueWorkers).workers
    expect(workers).toHaveLength(1)
    await waitFor(async () => workers[0]?.isRunning)
  })
})

describe('QueueModule.registerQueue', () => {
  it('injects a Queue bound to its queue name, over the same store', async () => {
    @Injectable()
    class MailService {
      constructor(@InjectQueue('mail') readonly mail: Queue) {}
    }
    const ran: string[] = []
    @Processor({ queues: ['mail'] })
    class MailProcessor {
      @Process('mail.send')
      send(_payload: unknown, ctx: JobContext) {
        ran.push(ctx.job.queue)
      }
    }
    const store = memoryStore()
    moduleRef = await Test.createTestingModule({
      imports: [QueueModule.forRoot({ store, isGlobal: true }), QueueModule.registerQueue('mail', { name: 'reports' })],
      providers: [MailService, MailProcessor],
    }).compile()
    await moduleRef.init()
    const mail = moduleRef.get(MailService).mail
    const root = moduleRef.get(Queue)
    expect(mail).toBeInstanceOf(Queue)
    expect(mail.store).toBe(store)

    const job = await mail.add('mail.send', { to: 'a@b.c' })
    expect(job.queue).toBe('mail')
    await root.add('other', null)
    expect((await waitForState(root, job.id, 'completed')).queue).toBe('mail')
    expect(ran).toEqual(['mail'])
    expect((await mail.counts()).completed).toBe(1)
    expect((await mail.list()).jobs.map((j) => j.id)).toEqual([job.id])
    expect((await mail.get(job.id))?.id).toBe(job.id)
    expect((await root.counts()).ready).toBe(1)
    expect((await moduleRef.get<Queue>(getQueueToken('reports')).add('r', null)).queue).toBe('reports')
    const [batched] = await mail.addMany([{ name: 'mail.send', payload: null, options: { queue: 'elsewhere' } }])
    expect(batched?.queue).toBe('elsewhere')
  })

  it('refuses an empty name and the root token name', () => {
    expect(() => QueueModule.registerQueue('')).toThrow(QueueModuleError)
    expect(() => QueueModule.registerQueue('default')).toThrow(/root Queue/)
  })
})
