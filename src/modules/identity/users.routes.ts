/** HTTP face of user management. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleDeps } from '../../platform/module.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { IdParams, Paged } from '../../platform/http/schemas.ts';
import { CreateUserBody, ResetPasswordBody, UpdateUserBody, UserListQuery, UserOut } from './schema.ts';
import { P } from './policies.ts';
import * as svc from './users.service.ts';

export async function userRoutes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['users'];

  r.get('/api/users', {
    config: { access: { permission: P.usersRead } },
    schema: { tags, summary: 'List users: search, filter, sort, page', querystring: UserListQuery, response: { 200: Paged(UserOut) } },
  }, async (req) => svc.listUsers(db, ctxOf(req), req.query));

  r.post('/api/users', {
    config: { access: { permission: P.usersManage } },
    schema: { tags, summary: 'Create a user', body: CreateUserBody, response: { 201: UserOut } },
  }, async (req, reply) => reply.status(201).send(await svc.createUser(db, ctxOf(req), req.body)));

  r.get('/api/users/:id', {
    config: { access: { permission: P.usersRead } },
    schema: { tags, summary: 'One user', params: IdParams, response: { 200: UserOut } },
  }, async (req) => svc.getUser(db, ctxOf(req).actor.centerId, req.params.id));

  r.patch('/api/users/:id', {
    config: { access: { permission: P.usersManage } },
    schema: { tags, summary: 'Change a user: name, department, resident account, roles, status', params: IdParams, body: UpdateUserBody, response: { 200: UserOut } },
  }, async (req) => svc.updateUser(db, ctxOf(req), req.params.id, req.body));

  r.post('/api/users/:id/password', {
    config: { access: { permission: P.usersManage } },
    schema: { tags, summary: "Reset a user's password; ends their sessions", params: IdParams, body: ResetPasswordBody },
  }, async (req, reply) => {
    await svc.resetPassword(db, ctxOf(req), req.params.id, req.body.password);
    return reply.status(204).send();
  });

  r.post('/api/users/:id/unlock', {
    config: { access: { permission: P.usersManage } },
    schema: { tags, summary: 'Unlock an account locked by failed logins', params: IdParams },
  }, async (req, reply) => {
    await svc.unlockUser(db, ctxOf(req), req.params.id);
    return reply.status(204).send();
  });
}
