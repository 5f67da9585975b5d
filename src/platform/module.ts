/**
 * The face every feature module shows the platform: its permissions and a Fastify
 * plugin with its routes. Modules are listed in src/modules/index.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './db/index.ts';
import type { PermissionDef, PermissionRegistry } from './permissions.ts';
import type { EventBus } from './events/index.ts';
import type { JobRunner, Scheduler } from './jobs/index.ts';
import type { MqttBus } from './mqtt.ts';
import type { Logger } from 'pino';

export interface ModuleDeps {
  db: Db;
  config: Config;
  permissions: PermissionRegistry;
  /** Subscribe to domain events here (null in tools that run no background work). */
  events: EventBus | null;
}

/** What a module gets to set up its background work: event subscriptions, job handlers, schedules. */
export interface ModuleBackground {
  db: Db;
  config: Config;
  events: EventBus;
  runner: JobRunner;
  scheduler: Scheduler;
  /** The platform's MQTT connection (null in tools that start none). */
  mqtt: MqttBus | null;
  logger?: Logger;
}

/** What a module's background work hands back: when it is ready, how to stop it, ports it listens on. */
export interface ModuleBackgroundHandle {
  ready?: Promise<void>;
  stop?(): Promise<void>;
  /** Listening ports by name (e.g. `ebTcp`), for the running server to report. */
  ports?(): Record<string, number>;
}

export interface RongmeiModule {
  name: string;
  permissions: PermissionDef[];
  routes(app: FastifyInstance, deps: ModuleDeps): Promise<void>;
  /** Subscribes to events and registers jobs and schedules (server process only). */
  background?(bg: ModuleBackground): ModuleBackgroundHandle | void;
}
