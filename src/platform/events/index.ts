/**
 * Domain events: `emit` in the change's transaction, `EventBus` to subscribe and to
 * relay the outbox into delivery jobs.
 */
export { emit } from './repository.ts';
export type { NewEvent } from './repository.ts';
export { EventBus, deliveryJobName } from './bus.ts';
export type { DomainEvent, EventHandler, EventBusOptions } from './bus.ts';
