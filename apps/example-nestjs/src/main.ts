import { createApp } from './app.js'

const app = await createApp()
const port = Number(process.env.PORT ?? 3000)
await app.listen(port, process.env.HOST ?? '127.0.0.1')
console.log(`example-nestjs on ${await app.getUrl()}`)
