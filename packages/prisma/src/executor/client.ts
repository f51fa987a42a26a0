/**
 * The slice of a PrismaClient the store uses, typed structurally so that any generated client (any
 * schema, any output folder, with or without `$extends`) fits without importing the user's types.
 */
export interface PrismaRaw {
  $queryRawUnsafe(sql: string, ...values: unknown[]): PromiseLike<unknown>
  $executeRawUnsafe(sql: string, ...values: unknown[]): PromiseLike<number>
}

/**
 * A PrismaClient (or one made by `$extends`): raw queries plus interactive transactions.
 * `$transaction` is typed loosely because each generated client declares its own overloads.
 */
export interface PrismaClientLike extends PrismaRaw {
  $transaction(...args: never[]): unknown
}

/** The interactive form of `$transaction`, as the store calls it. */
export type InteractiveTransaction = <R>(fn: (tx: PrismaRaw) => Promise<R>, options?: { maxWait?: number; timeout?: number; isolationLevel?: 'ReadCommitted' }) => Promise<R>

/** True for anything with Prisma's raw-query methods (a client or a transaction client). */
export function isPrismaRaw(value: unknown): value is PrismaRaw {
  const v = value as Partial<PrismaRaw> | null
  return typeof v === 'object' && v !== null && typeof v.$queryRawUnsafe === 'function' && typeof v.$executeRawUnsafe === 'function'
}

/**
 * True for the transaction client handed to `prisma.$transaction(async (tx) => ...)`: Prisma leaves
 * the connection-level methods (`$connect`, `$disconnect`) off it.
 */
export function isTransactionClient(value: unknown): value is PrismaRaw {
  return isPrismaRaw(value) && typeof (value as { $connect?: unknown }).$connect !== 'function'
}
