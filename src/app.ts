/**
 * Builds the HTTP application: the fixed request pipeline (security headers, cookies,
 * rate limit, authenticate + authorize, validate, handler, present), the operational
 * routes, every module's routes, and the console's static files.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './platform/config.ts';
import type { DbHandle } from './platform/db/index.ts';
import { appError } from './platform/errors.ts';
import './platform/http/types.ts';
import { registerErrorHandling } from './platform/http/errors.ts';
import { enforceDeclaredAccess, registerAccessHook, type RouteAccessInfo } from './platform/http/access.ts';
import { registerMetrics, type Metrics } from './platform/http/metrics.ts';
import { serializerCompiler } from './platform/http/serializer.ts';
import type { PermissionRegistry } from './platform/permissions.ts';
import type { MqttBus } from './platform/mqtt.ts';
import type { EventBus } from './platform/events/index.ts';
import { BacklogWatch } from './platform/jobs/index.ts';
import { MODULES } from './modules/index.ts';

/** How often a listening server counts due jobs for the backlog warning. */
const BACKLOG_CHECK_MS = 10_000;

export interface BuiltApp {
  app: FastifyInstance;
  routes: RouteAccessInfo[];
  metrics: Metrics;
  /** Queued-job counts and the JOBS_BACKLOG_WARN warning (/metrics, /healthz). */
  backlog: BacklogWatch;
}

export interface BuildAppOptions {
  config: Config;
  handle: DbHandle;
  permissions: PermissionRegistry;
  /** The MQTT connection, when running (reported by /healthz). */
  mqtt?: MqttBus | null;
  events?: EventBus | null;
}

export async function buildApp(opts: BuildAppOptions): Promise<BuiltApp> {
  const { config, handle, permissions } = opts;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    return503OnClosing: true,
    // Errors the router raises before any route runs (a malformed or overlong URL).
    frameworkErrors: (err, _req, reply: FastifyReply) => {
      const e = err.statusCode === 414 ? appError('URI_TOO_LONG') : appError('BAD_REQUEST', { message: 'The URL is malformed.' });
      void reply.status(e.status).send(e.toBody());
    },
  });
  app.setSerializerCompiler(serializerCompiler);
  const routes: RouteAccessInfo[] = [];
  enforceDeclaredAccess(app, permissions, routes);
  acceptEmptyJsonBodies(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // antd writes its styles at run time; swagger-ui needs inline styles too.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: () => appError('RATE_LIMITED'),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Rongmei API (融媒)', version: '0.1.0', description: 'Platform of a county-level converged media center' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'rm_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const backlog = new BacklogWatch({ db: handle.db, threshold: config.jobsBacklogWarn, logger: app.log as unknown as Logger });
  // Only a listening server watches by itself (the warning must not wait for a scrape).
  app.addHook('onListen', async () => backlog.start(BACKLOG_CHECK_MS));
  app.addHook('onClose', async () => backlog.stop());
  const metrics = registerMetrics(app, backlog);
  registerAccessHook(app, handle.db);
  const spaIndexFile = path.join(config.webDir, 'index.html');
  registerErrorHandling(app, { spaIndex: () => (fs.existsSync(spaIndexFile) ? fs.readFileSync(spaIndexFile, 'utf8') : null) });

  app.get('/healthz', { config: { access: 'public' }, schema: { tags: ['operations'], summary: 'Liveness and database check' } }, async (_req, reply) => {
    const mqtt = opts.mqtt ? (opts.mqtt.client.connected ? 'ok' : 'disconnected') : 'not started';
    try {
      await sql`select 1`.execute(handle.db);
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: 'unreachable', mqtt });
    }
    // A backlog degrades the status but never fails the check: restarting will not drain it.
    const b = await backlog.check().catch(() => null);
    const jobs = b ? { status: b.over ? 'degraded' : 'ok', due: b.due, threshold: b.threshold } : { status: 'unknown' };
    const status = mqtt === 'disconnected' || !b || b.over ? 'degraded' : 'ok';
    return { status, database: handle.engine, mqtt, jobs, uptimeSeconds: Math.round(process.uptime()) };
  });
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const deps = { db: handle.db, config, permissions, events: opts.events ?? null };
  for (const m of MODULES) await app.register(async (scope) => m.routes(scope, deps));

  if (fs.existsSync(spaIndexFile)) {
    await app.register(fastifyStatic, { root: config.webDir, wildcard: true, index: ['index.html'], cacheControl: true, maxAge: '1h' });
  }
  return { app, routes, metrics, backlog };
}

/** DELETE and POST calls with `content-type: application/json` and no body are fine. */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    return parse(req, text, done);
  });
}
