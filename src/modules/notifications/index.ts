/**
 * Notifications: short messages to staff (a manuscript returned to its author, a lock
 * taken over, an assignment, an overdue review). Modules create them from their event
 * handlers with `notifyUsers`; users read them through the API.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Executor } from '../../platform/db/index.ts';
import type { ModuleDeps, RongmeiModule } from '../../platform/module.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { IdParams, Paged, pageOf, PageQuery } from '../../platform/http/schemas.ts';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string;
  /** A console path, e.g. /newsroom/manuscripts/<id>. */
  link?: string | null;
}

/** Adds one notification per user (call inside the event handler's transaction). */
export async function notifyUsers(exec: Executor, centerId: string, userIds: string[], n: NewNotification): Promise<void> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  const now = new Date().toISOString();
  await exec.insertInto('notifications').values(ids.map((user_id) => ({
    id: randomUUID(), center_id: centerId, user_id, kind: n.kind, title: n.title.slice(0, 300), body: (n.body ?? '').slice(0, 2000), link: n.link ?? null, read_at: null, created_at: now,
  }))).execute();
}

/** Active users of a center holding a permission (through any role). */
export async function usersWithPermission(exec: Executor, centerId: string, permission: string): Promise<string[]> {
  const rows = await exec
    .selectFrom('users as u')
    .innerJoin('user_roles as ur', 'ur.user_id', 'u.id')
    .innerJoin('roles as r', 'r.id', 'ur.role_id')
    .select(['u.id', 'r.permissions'])
    .where('u.center_id', '=', centerId)
    .where('u.status', '=', 'active')
    .execute();
  return [...new Set(rows.filter((r) => (JSON.parse(r.permissions) as string[]).includes(permission)).map((r) => r.id))];
}

const NotificationOut = Type.Object({
  id: Type.String(), kind: Type.String(), title: Type.String(), body: Type.String(), link: Type.Union([Type.String(), Type.Null()]),
  read: Type.Boolean(), createdAt: Type.String(),
});
const ListQuery = Type.Object({ unread: Type.Optional(Type.Boolean()), ...PageQuery }, { additionalProperties: false });

async function routes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notifications'];
  r.get('/api/notifications', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'My notifications, newest first, with the unread count', querystring: ListQuery, response: { 200: Type.Object({ ...Paged(NotificationOut).properties, unread: Type.Integer() }) } },
  }, async (req) => {
    const { actor } = ctxOf(req);
    const { page, pageSize, offset } = pageOf(req.query);
    let base = db.selectFrom('notifications').where('user_id', '=', actor.userId).where('center_id', '=', actor.centerId);
    const unreadRow = await base.where('read_at', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (req.query.unread) base = base.where('read_at', 'is', null);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(offset).limit(pageSize).execute();
    return {
      items: rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, read: n.read_at !== null, createdAt: n.created_at })),
      total: Number(total.n), page, pageSize, unread: Number(unreadRow.n),
    };
  });
  r.post('/api/notifications/:id/read', {
    config: { access: 'authenticated' }, schema: { tags, summary: 'Mark one notification read', params: IdParams },
  }, async (req, reply) => {
    const { actor } = ctxOf(req);
    await db.updateTable('notifications').set({ read_at: new Date().toISOString() }).where('id', '=', req.params.id).where('user_id', '=', actor.userId).where('read_at', 'is', null).execute();
    return reply.status(204).send();
  });
  r.post('/api/notifications/read-all', {
    config: { access: 'authenticated' }, schema: { tags, summary: 'Mark all my notifications read' },
  }, async (req, reply) => {
    const { actor } = ctxOf(req);
    await db.updateTable('notifications').set({ read_at: new Date().toISOString() }).where('user_id', '=', actor.userId).where('read_at', 'is', null).execute();
    return reply.status(204).send();
  });
}

export const notificationsModule: RongmeiModule = { name: 'notifications', permissions: [], routes };
