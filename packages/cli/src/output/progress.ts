/** A one-line progress bar on a terminal's stderr; silent when stderr is not a TTY (cron, pipes). */
export class ProgressBar {
  #done = 0
  #total: number
  #lastDraw = 0
  readonly #stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  readonly #enabled: boolean

  constructor(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, total: number, enabled = stream.isTTY === true) {
    this.#stream = stream
    this.#total = total
    this.#enabled = enabled
  }

  /** Counts finished jobs; the total grows when more work appears (callbacks, retries). */
  tick(count = 1): void {
    this.#done += count
    if (this.#done > this.#total) this.#total = this.#done
    // Redrawing at most 10 times a second keeps a fast drain from being slowed by the terminal.
    const now = Date.now()
    if (now - this.#lastDraw >= 100) this.draw()
  }

  setTotal(total: number): void {
    this.#total = Math.max(total, this.#done)
  }

  draw(): void {
    if (!this.#enabled) return
    this.#lastDraw = Date.now()
    const width = Math.max(10, Math.min(40, (this.#stream.columns ?? 80) - 30))
    const ratio = this.#total === 0 ? 1 : this.#done / this.#total
    const filled = Math.round(ratio * width)
    this.#stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.#done}/${this.#total} jobs`)
  }

  /** Draws the final state and ends the line. */
  finish(): void {
    if (!this.#enabled) return
    this.draw()
    this.#stream.write('\n')
  }
}
