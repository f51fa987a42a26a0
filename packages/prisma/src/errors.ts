/** A PrismaClient, transaction handle or option the Prisma store cannot work with. */
export class PrismaStoreError extends Error {
  override readonly name = 'PrismaStoreError'
}
