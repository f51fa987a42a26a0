import { Logger } from '@nestjs/common'
import { Process, Processor } from '@queue/nestjs'
import { PermanentError, type JobContext } from '@queue/core'
import { DataSource } from 'typeorm'
import { User } from './user.entity.js'

/** Sends welcome emails; runs in the worker that QueueModule starts at bootstrap. */
@Processor({ concurrency: 4 })
export class WelcomeProcessor {
  private readonly logger = new Logger(WelcomeProcessor.name)

  constructor(private readonly dataSource: DataSource) {}

  @Process('user.welcome')
  async welcome(payload: { userId: number }, ctx: JobContext): Promise<{ welcomed: string }> {
    const users = this.dataSource.getRepository(User)
    const user = await users.findOneBy({ id: payload.userId })
    if (user === null) throw new PermanentError(`user ${payload.userId} does not exist`)
    // A real app would call its mail provider here, passing ctx.signal along to abort on shutdown.
    this.logger.log(`welcome email to ${user.email} (attempt ${ctx.attempt})`)
    await users.update({ id: user.id }, { welcomedAt: new Date().toISOString() })
    return { welcomed: user.email }
  }
}
