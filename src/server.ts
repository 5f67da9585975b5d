/**
 * Starts the whole platform in one process: database (migrated), built-in roles in
 * line with the modules, the demo center on first start, the HTTP server, and the
 * background job runner. Stops gracefully on SIGTERM / SIGINT.
 */
import type { Logger } from 'pino';
import type { Config } from './platform/config.ts';
import { openDb, type DbHandle } from './platform/db/index.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { buildApp, type BuiltApp } from './app.ts';
import { buildPermissionRegistry } from './modules/index.ts';
import { syncAllCenterRoles } from './modules/identity/index.ts';
import { DEMO_CENTER_CODE, DEMO_PASSWORD, loadDemoCenter } from './demo/lechang.ts';
import { startMqtt, MqttStartError, type MqttBus } from './platform/mqtt.ts';
import { createBackground } from './background.ts';
import { ensurePlatformKey, terminalAcl } from './modules/emergency/index.ts';
import { brokerAuth, brokerSecret } from './platform/mqtt-auth.ts';
import { EventBus } from './platform/events/index.ts';

export interface RunningServer {
  url: string;
  /** The MQTT broker terminals connect to (embedded or MQTT_URL), or null when none was started. */
  mqttUrl: string | null;
  /** Ports background work listens on, e.g. `ebTcp` (GD/J 089 IP terminals). */
  ports: Record<string, number>;
  built: BuiltApp;
  handle: DbHandle;
  close(): Promise<void>;
}

export class StartupError extends Error {}

export async function startServer(config: Config, opts: { handle?: DbHandle; quiet?: boolean; withoutMqtt?: boolean } = {}): Promise<RunningServer> {
  const handle = opts.handle ?? openDb({ engine: config.engine, databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const say = (line: string) => { if (!opts.quiet && config.logLevel !== 'silent') process.stdout.write(`${line}\n`); };
  let mqtt: MqttBus | null = null;
  try {
    await migrateToLatest(handle.db);
    const permissions = buildPermissionRegistry();
    await syncAllCenterRoles(handle.db, permissions);
    const anyCenter = await handle.db.selectFrom('centers').select('id').limit(1).executeTakeFirst();
    if (!anyCenter && config.demo) {
      await loadDemoCenter(handle.db, permissions);
      say(`Loaded the demo center "${DEMO_CENTER_CODE}" (乐昌市融媒体中心). Log in as admin / ${DEMO_PASSWORD}`);
    }
    // Every center signs its emergency broadcasts (GD/J 081): make its key on first start.
    for (const c of await handle.db.selectFrom('centers').select('id').execute()) await ensurePlatformKey(handle.db, config.dataDir, c.id);
    if (!opts.withoutMqtt) {
      try {
        mqtt = await startMqtt({ mqttUrl: config.mqttUrl, mqttPort: config.mqttPort, host: config.host, auth: brokerAuth(brokerSecret(config.dataDir), terminalAcl) });
      } catch (err) {
        if (err instanceof MqttStartError) throw new StartupError(err.message);
        throw err;
      }
    }
    const events = new EventBus();
    const built = await buildApp({ config, handle, permissions, mqtt, events });
    const background = createBackground(config, handle, built.app.log as unknown as Logger, built.metrics, events, mqtt);
    try {
      await built.app.listen({ port: config.port, host: config.host });
    } catch (err) {
      if ((err as { code?: string }).code === 'EADDRINUSE') {
        throw new StartupError(`Port ${config.port} on ${config.host} is taken by another program: set PORT to a free port (e.g. PORT=3001).`);
      }
      throw err;
    }
    const addr = built.app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    background.start();
    try {
      await background.ready;
    } catch (err) {
      await background.stop().catch(() => {});
      await built.app.close();
      if ((err as { code?: string }).code === 'EADDRINUSE') {
        throw new StartupError(`EB_TCP_PORT ${config.ebTcpPort} on ${config.ebTcpHost} (the GD/J 089 terminal listener) is taken by another program: set EB_TCP_PORT to a free port.`);
      }
      throw err;
    }
    say(`Rongmei is running at ${url}  (console: ${url}/, API docs: ${url}/docs, database: ${handle.engine})`);
    const ports = background.ports();
    if (mqtt || ports.ebTcp) say(`Emergency-broadcast terminals: MQTT ${mqtt?.url ?? 'none'}${ports.ebTcp ? `, GD/J 089 TCP ${config.ebTcpHost}:${ports.ebTcp}` : ''}`);
    let closed = false;
    return {
      url,
      mqttUrl: mqtt?.url ?? null,
      ports: background.ports(),
      built,
      handle,
      async close() {
        if (closed) return;
        closed = true;
        await built.app.close();
        await background.stop();
        await mqtt?.close();
        if (!opts.handle) await handle.close();
      },
    };
  } catch (err) {
    await mqtt?.close().catch(() => {});
    if (!opts.handle) await handle.close().catch(() => {});
    throw err;
  }
}

/** Closes the server on SIGTERM / SIGINT, forcing exit if it hangs. */
export function closeOnSignals(server: RunningServer, timeoutMs = 15_000): void {
  const stop = (signal: string) => {
    process.stdout.write(`${signal}: shutting down…\n`);
    setTimeout(() => process.exit(1), timeoutMs).unref();
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
