/** HTTP face of the audit log: search, one entry, verify the chain. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleDeps } from '../../platform/module.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { Paged, pageOf } from '../../platform/http/schemas.ts';
import { appError } from '../../platform/errors.ts';
import { recordAudit, verifyAuditChain } from '../../platform/audit/index.ts';
import type { AuditLogTable } from '../../platform/db/schema.ts';
import { AuditEntryOut, AuditIdParams, AuditQuery, VerifyOut } from './schema.ts';
import { P } from './policies.ts';
import * as repo from './repository.ts';

function present(r: AuditLogTable) {
  return {
    id: r.id, seq: Number(r.seq), at: r.at, actorId: r.actor_id, actorName: r.actor_name, action: r.action,
    subjectType: r.subject_type, subjectId: r.subject_id, beforeId: r.before_id, afterId: r.after_id, ip: r.ip,
    detail: JSON.parse(r.detail) as unknown, hash: r.hash, prevHash: r.prev_hash,
  };
}

export async function auditRoutes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['audit'];

  r.get('/api/audit', {
    config: { access: { permission: P.read } },
    schema: { tags, summary: 'Search the audit log, newest first', querystring: AuditQuery, response: { 200: Paged(AuditEntryOut) } },
  }, async (req) => {
    const { page, pageSize, offset } = pageOf(req.query);
    const { total, rows } = await repo.searchAudit(db, ctxOf(req).actor.centerId, req.query, offset, pageSize);
    return { items: rows.map(present), total, page, pageSize };
  });

  r.get('/api/audit/:id', {
    config: { access: { permission: P.read } },
    schema: { tags, summary: 'One audit entry', params: AuditIdParams, response: { 200: AuditEntryOut } },
  }, async (req) => {
    const row = await repo.findAuditEntry(db, ctxOf(req).actor.centerId, req.params.id);
    if (!row) throw appError('AUDIT_ENTRY_NOT_FOUND');
    return present(row);
  });

  r.post('/api/audit/verify', {
    config: { access: { permission: P.verify } },
    schema: { tags, summary: "Re-compute this center's hash chain and list every break", response: { 200: VerifyOut } },
  }, async (req) => {
    const ctx = ctxOf(req);
    const result = await verifyAuditChain(db, ctx.actor.centerId);
    await db.transaction().execute((tx) =>
      recordAudit(tx, {
        centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, action: 'audit.verify',
        ip: ctx.ip, detail: { ok: result.ok, checked: result.checked, problems: result.problems.length },
      }),
    );
    return { ok: result.ok, checked: result.checked, problems: result.problems.map(({ seq, problem }) => ({ seq, problem })) };
  });
}
