import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm'

/** The user's own entity in the tests, saved in the same transaction as a job. */
@Entity({ name: 'app_user' })
export class User {
  @PrimaryGeneratedColumn()
  id!: number

  @Column({ type: 'varchar', length: 191, unique: true })
  email!: string
}
