/**
 * System: operations views for administrators — background jobs (with retry of dead
 * ones) and the list of database backups.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import path from 'node:path';
import type { ModuleDeps, RongmeiModule } from '../../platform/module.ts';
import type { PermissionDef } from '../../platform/permissions.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { IdParams, ListOf, oneOf, Paged, pageOf, PageQuery } from '../../platform/http/schemas.ts';
import { appError } from '../../platform/errors.ts';
import { getJob, listJobs, retryJob, type Job } from '../../platform/jobs/index.ts';
import { listBackups } from '../../platform/backup/index.ts';
import { recordAudit } from '../../platform/audit/index.ts';

const P = { jobs: 'system.jobs.manage', backups: 'system.backups.read' } as const;

const permissions: PermissionDef[] = [
  { key: P.jobs, module: 'system', zh: '查看与重试后台任务', en: 'View and retry background jobs', roles: ['engineer'] },
  { key: P.backups, module: 'system', zh: '查看数据库备份', en: 'View database backups', roles: ['engineer', 'auditor'] },
];

const JobOut = Type.Object({
  id: Type.String(), name: Type.String(), status: Type.String(), attempts: Type.Integer(), maxAttempts: Type.Integer(),
  runAt: Type.String(), lastError: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(), finishedAt: Type.Union([Type.String(), Type.Null()]),
});
const JobQuery = Type.Object({
  status: Type.Optional(oneOf(['queued', 'running', 'done', 'dead'] as const)),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  ...PageQuery,
}, { additionalProperties: false });
const BackupOut = Type.Object({ name: Type.String(), engine: Type.String(), bytes: Type.Integer(), createdAt: Type.String(), verified: Type.Boolean() });

function presentJob(j: Job) {
  return {
    id: j.id, name: j.name, status: j.status, attempts: j.attempts, maxAttempts: j.maxAttempts, runAt: j.runAt,
    lastError: j.lastError, createdAt: j.createdAt, finishedAt: j.finishedAt,
  };
}

async function routes(app: FastifyInstance, { db, config }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['system'];
  // Jobs are the platform's, not one center's: only jobs of the caller's center, or of
  // no center (platform jobs such as backups), are shown.
  r.get('/api/jobs', {
    config: { access: { permission: P.jobs } },
    schema: { tags, summary: 'Background jobs, newest first', querystring: JobQuery, response: { 200: Paged(JobOut) } },
  }, async (req) => {
    const { page, pageSize } = pageOf(req.query);
    const res = await listJobs(db, { status: req.query.status as Job['status'] | undefined, name: req.query.name, page, pageSize, centerId: ctxOf(req).actor.centerId });
    return { items: res.items.map(presentJob), total: res.total, page, pageSize };
  });
  r.post('/api/jobs/:id/retry', {
    config: { access: { permission: P.jobs } },
    schema: { tags, summary: 'Run a dead job again', params: IdParams, response: { 200: JobOut } },
  }, async (req) => {
    const ctx = ctxOf(req);
    const job = await getJob(db, req.params.id);
    if (!job || (job.centerId && job.centerId !== ctx.actor.centerId)) throw appError('JOB_NOT_FOUND');
    await db.transaction().execute(async (tx) => {
      if (!(await retryJob(tx, job.id))) throw appError('JOB_NOT_DEAD');
      await recordAudit(tx, { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, action: 'system.job.retry', subjectType: 'job', subjectId: job.id, ip: ctx.ip, detail: { name: job.name } });
    });
    return presentJob((await getJob(db, job.id))!);
  });
  r.get('/api/backups', {
    config: { access: { permission: P.backups } },
    schema: { tags, summary: 'Database backups, newest first', response: { 200: ListOf(BackupOut) } },
  }, async () => {
    const list = await listBackups(path.join(config.dataDir, 'backups'));
    return { items: list.map((b) => ({ name: b.name, engine: b.engine, bytes: b.bytes, createdAt: b.createdAt.toISOString(), verified: !!b.manifest })) };
  });
}

export const systemModule: RongmeiModule = { name: 'system', permissions, routes };
