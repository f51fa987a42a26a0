/** The shop's job handlers. */
import { PermanentError, type JobHandler } from '@queue/core'

export interface OrderPayload {
  customer: string
  items: { sku: string; quantity: number; priceCents: number }[]
}

/** Confirms an order: a real shop would reserve stock and email the customer here. */
export const confirmOrder: JobHandler<OrderPayload> = async (order) => {
  if (!Array.isArray(order.items) || order.items.length === 0) throw new PermanentError('an order needs items')
  const totalCents = order.items.reduce((sum, item) => sum + item.quantity * item.priceCents, 0)
  return { customer: order.customer, totalCents, confirmedAt: new Date().toISOString() }
}

/** The part of a stored webhook request (the `hook.payments` job's payload) this handler reads. */
interface StoredHook {
  /** The raw body, base64. */
  body: string
}

/** Records a payment provider's webhook, stored by the plugin's intake before it answered 202. */
export const recordPayment: JobHandler<StoredHook> = async (request) => {
  const event = JSON.parse(Buffer.from(request.body, 'base64').toString('utf8')) as { id?: string; amountCents?: number }
  if (typeof event.id !== 'string') throw new PermanentError('payment event without id')
  return { paymentId: event.id, amountCents: event.amountCents ?? 0 }
}
