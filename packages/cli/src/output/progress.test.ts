import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { ProgressBar } from './progress.js'

function stream(isTTY: boolean) {
  const s = Object.assign(new PassThrough(), { isTTY, columns: 60 })
  let text = ''
  s.on('data', (c: Buffer) => (text += c.toString()))
  return { s, text: () => text }
}

describe('the queue process progress bar', () => {
  it('draws done/total on a terminal and ends the line', () => {
    const { s, text } = stream(true)
    const bar = new ProgressBar(s, 4)
    bar.draw()
    bar.tick()
    bar.tick()
    bar.finish()
    expect(text()).toContain('] 0/4 jobs')
    expect(text()).toMatch(/\r\[#+-+\] 2\/4 jobs\n$/)
  })
  it('grows the total when more jobs finish than were ready at the start', () => {
    const { s, text } = stream(true)
    const bar = new ProgressBar(s, 1)
    bar.tick()
    bar.tick()
    bar.finish()
    expect(text()).toMatch(/2\/2 jobs\n$/)
  })
  it('writes nothing when stderr is not a terminal (cron, pipes)', () => {
    const { s, text } = stream(false)
    const bar = new ProgressBar(s, 3)
    bar.draw()
    bar.tick()
    bar.finish()
    expect(text()).toBe('')
  })
})
