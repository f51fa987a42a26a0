/** A QueueModule set up wrongly: a duplicate handler name, a bad `@Process` target, a missing store. */
export class QueueModuleError extends Error {
  override readonly name = 'QueueModuleError'
}
