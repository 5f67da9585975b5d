/** Row types and states of emergency-broadcast dispatch (migration 0010_eb_dispatch). */
import type { EbDeliveriesTable } from '../../../platform/db/schema.ts';

export type { EbDeliveriesTable };

/**
 * Where one terminal stands with one broadcast:
 *   pending  made, not sent yet (the terminal was offline at send time: sent at its hello)
 *   sent     published while the terminal was online; no ack yet
 *   playing  the terminal acked `playing`
 *   stopped  the terminal acked `stopped` (after a cancel)
 *   failed   the terminal acked `rejected` to a command we sent (last_error says why)
 *   offline  reserved for the no-ack watchdog (not set in this slice)
 */
export const DELIVERY_STATES = ['pending', 'sent', 'playing', 'stopped', 'failed', 'offline'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
