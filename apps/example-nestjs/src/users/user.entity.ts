import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm'

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id!: number

  @Column('varchar', { length: 320, unique: true })
  email!: string

  /** Set by the welcome job once the welcome email went out. */
  @Column('varchar', { length: 40, nullable: true })
  welcomedAt!: string | null

  @CreateDateColumn()
  createdAt!: Date
}
