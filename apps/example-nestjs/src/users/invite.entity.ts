import { Column, Entity, PrimaryColumn } from 'typeorm'

/** An invite code with a number of uses left; redeemed in the signup transaction. */
@Entity('invites')
export class Invite {
  @PrimaryColumn('varchar', { length: 40 })
  code!: string

  @Column('integer')
  usesLeft!: number
}
