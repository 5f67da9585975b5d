/** Prometheus metrics: process defaults, request durations by route, jobs finished and queued. */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Backlog, BacklogWatch } from '../jobs/index.ts';

export interface Metrics {
  registry: Registry;
  jobsFinished: Counter<'name' | 'outcome'>;
}

export function registerMetrics(app: FastifyInstance, backlog: BacklogWatch | null = null): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'rongmei_' });
  const httpDuration = new Histogram({
    name: 'rongmei_http_request_duration_seconds',
    help: 'HTTP request duration by route, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const jobsFinished = new Counter({
    name: 'rongmei_jobs_finished_total',
    help: 'Jobs finished, by job name and outcome (done, retry, dead)',
    labelNames: ['name', 'outcome'] as const,
    registers: [registry],
  });
  if (backlog) registerBacklogGauges(app, registry, backlog);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return { registry, jobsFinished };
}

/** Queued and due jobs by name, counted at each scrape (one count shared by both gauges). */
function registerBacklogGauges(app: FastifyInstance, registry: Registry, backlog: BacklogWatch): void {
  const counted = async (): Promise<Backlog | null> => {
    try {
      return await backlog.check();
    } catch (err) {
      app.log.warn({ err }, 'counting queued jobs for /metrics failed');
      return null;
    }
  };
  const byName = [
    ['rongmei_jobs_queued', 'Jobs waiting in the queue, by job name (due now or later)', 'queued'],
    ['rongmei_jobs_due', 'Jobs due but not started, by job name (a backlog above JOBS_BACKLOG_WARN is logged and shown in /healthz)', 'due'],
  ] as const;
  for (const [name, help, field] of byName) {
    new Gauge({
      name,
      help,
      labelNames: ['name'] as const,
      registers: [registry],
      async collect() {
        const b = await counted();
        this.reset();
        for (const r of b?.byName ?? []) this.set({ name: r.name }, r[field]);
      },
    });
  }
  new Gauge({
    name: 'rongmei_jobs_backlog_threshold',
    help: 'JOBS_BACKLOG_WARN: due jobs above this are a backlog',
    registers: [registry],
    collect() {
      this.set(backlog.threshold);
    },
  });
}
