/** Row types and states of emergency-broadcast dispatch (migration 0010_eb_dispatch). */
import type { EbDeliveriesTable } from '../../../platform/db/schema.ts';

export type { EbDeliveriesTable };

/**
 * Where one terminal stands with one broadcast:
 *   pending  made, not sent yet (the terminal was offline at send time: sent at its hello)
 *   sent     published while the terminal was online; no ack yet
 *   queued   the terminal has it but plays a higher-priority broadcast first (it was
 *            preempted, or arrived while a higher one played); it plays when that ends
 *   playing  the terminal acked `playing`
 *   stopped  the terminal acked `stopped` (after a cancel)
 *   failed   the terminal acked `rejected` to a command we sent (last_error says why)
 *   offline  the no-ack watchdog gave up (three sends, no answer) or the terminal went
 *            silent; sent again at its next hello while the broadcast is valid
 */
export const DELIVERY_STATES = ['pending', 'sent', 'queued', 'playing', 'stopped', 'failed', 'offline'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
