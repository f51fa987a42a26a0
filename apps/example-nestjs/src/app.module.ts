import { Module } from '@nestjs/common'
import { TypeOrmModule } from '@nestjs/typeorm'
import { QueueModule } from '@queue/nestjs'
import { typeormStore } from '@queue/typeorm'
import { DataSource } from 'typeorm'
import { databaseOptions } from './database.js'
import { JobsController } from './jobs/jobs.controller.js'
import { UsersController } from './users/users.controller.js'
import { UsersService } from './users/users.service.js'
import { WelcomeProcessor } from './users/welcome.processor.js'

@Module({
  imports: [
    TypeOrmModule.forRootAsync({ useFactory: () => databaseOptions() }),
    // The job tables live in the app's own database, so jobs commit with the app's entities.
    QueueModule.forRootAsync({
      isGlobal: true,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => ({
        store: typeormStore(dataSource),
        // QUEUE_WORKER=false makes an API-only node; another node runs the jobs.
        worker: process.env.QUEUE_WORKER === 'false' ? false : { pollMs: { min: 5, max: 500 } },
      }),
    }),
  ],
  controllers: [UsersController, JobsController],
  providers: [UsersService, WelcomeProcessor],
})
export class AppModule {}
