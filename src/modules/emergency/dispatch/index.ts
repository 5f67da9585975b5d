/**
 * Dispatch of approved emergency broadcasts to MQTT (4G) terminals: per-terminal
 * delivery records, signed start / stop commands, acks and hellos, coverage, and a
 * simulated terminal. Wire format: wire.ts; states: types.ts; flow: service.ts.
 */
export { dispatchBackground, DISPATCH_SUBSCRIBER, type DispatchBackground, type DispatchHandle } from './background.ts';
export { dispatchRoutes } from './routes.ts';
export { coverageOf, type Coverage } from './coverage.ts';
export { dispatchApproved, publishStart, publishStop, handleAck, handleHello, type DispatchDeps } from './service.ts';
export { SimTerminal, type SimTerminalOptions } from './sim-terminal.ts';
export * from './wire.ts';
export { DELIVERY_STATES, type DeliveryState, type EbDeliveriesTable } from './types.ts';
