import 'reflect-metadata'
import type { INestApplication, LogLevel } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { AppModule } from './app.module.js'

/** The application, with shutdown hooks on so SIGTERM drains the queue worker before exit. */
export async function createApp(options: { logger?: false | LogLevel[] } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, { logger: options.logger ?? ['log', 'warn', 'error'] })
  app.enableShutdownHooks()
  return app
}
