import { ConflictException, Injectable } from '@nestjs/common'
import { InjectQueue } from '@queue/nestjs'
import type { Queue } from '@queue/core'
import { DataSource } from 'typeorm'
import { Invite } from './invite.entity.js'
import { User } from './user.entity.js'

export interface SignupResult {
  user: User
  welcomeJobId: string
}

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue() private readonly queue: Queue,
  ) {}

  /**
   * Creates the user, enqueues the welcome email and redeems the invite in ONE transaction: the
   * job exists exactly when the user does — no email for a rolled-back signup, no user without one.
   */
  signup(email: string, inviteCode?: string): Promise<SignupResult> {
    return this.dataSource.transaction(async (em) => {
      if (await em.existsBy(User, { email })) throw new ConflictException(`${email} is already signed up`)
      const user = await em.save(User, em.create(User, { email, welcomedAt: null }))
      const job = await this.queue.add('user.welcome', { userId: user.id }, { tx: em, maxAttempts: 5 })
      if (inviteCode !== undefined) {
        const { affected } = await em
          .createQueryBuilder()
          .update(Invite)
          .set({ usesLeft: () => '"usesLeft" - 1' })
          .where('code = :code AND "usesLeft" > 0', { code: inviteCode })
          .execute()
        // Throwing rolls back the user AND the welcome job.
        if (!affected) throw new ConflictException(`invite ${inviteCode} is used up or unknown`)
      }
      return { user, welcomeJobId: job.id }
    })
  }

  find(id: number): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ id })
  }
}
