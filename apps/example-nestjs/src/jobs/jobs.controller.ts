import { Controller, Get, NotFoundException, Param } from '@nestjs/common'
import { InjectQueue } from '@queue/nestjs'
import type { Queue } from '@queue/core'

/** Job status for clients: `GET /jobs/:id`, and counts per state at `GET /jobs`. */
@Controller('jobs')
export class JobsController {
  constructor(@InjectQueue() private readonly queue: Queue) {}

  @Get()
  counts() {
    return this.queue.counts()
  }

  @Get(':id')
  async find(@Param('id') id: string) {
    const job = await this.queue.get(id)
    if (job === null) throw new NotFoundException(`no job ${id}`)
    return { id: job.id, name: job.name, state: job.state, attempts: job.attempts, result: job.result, lastError: job.lastError }
  }
}
