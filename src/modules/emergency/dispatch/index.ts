/**
 * Dispatch of approved emergency broadcasts to terminals through the terminal drivers
 * (driver.ts: MQTT for 4G terminals, GD/J 089 TCP for IP terminals): per-terminal
 * delivery records, signed start / stop commands, batched acks, hellos, the watchdog,
 * coverage, and simulated terminals. Wire format: wire.ts; states: types.ts; flow: service.ts.
 */
export { dispatchBackground, DISPATCH_SUBSCRIBER, type DispatchBackground, type DispatchHandle } from './background.ts';
export { dispatchRoutes } from './routes.ts';
export { centerCoverage, coverageOf, type Coverage } from './coverage.ts';
export { dispatchApproved, sendStart, sendStop, handleHello, handleGone, type DispatchDeps } from './service.ts';
export { applyAcks, AckBatcher, type TerminalAck } from './acks.ts';
export { watchdogPass, MAX_SENDS } from './watchdog.ts';
export { createMqttDriver } from './mqtt-driver.ts';
export type { TerminalDriver, TerminalSink, AreaTarget, DriverProtocol } from './driver.ts';
export { SimTerminal, type SimTerminalOptions } from './sim-terminal.ts';
export { TerminalBrain, type BrainAck, type BrainSnapshot } from './sim-brain.ts';
export { createTcpDriver, type TcpDriver, type TcpDriverOptions } from './tcp/driver.ts';
export type { RegisteredTerminal, LookupTerminal } from './tcp/auth.ts';
export { SimIpTerminal, type SimIpTerminalOptions } from './tcp/sim-terminal.ts';
export * from './wire.ts';
export { DELIVERY_STATES, type DeliveryState, type EbDeliveriesTable } from './types.ts';
