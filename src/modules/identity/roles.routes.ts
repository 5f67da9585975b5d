/** HTTP face of roles and the permission catalogue. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleDeps } from '../../platform/module.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { IdParams, ListOf } from '../../platform/http/schemas.ts';
import { CreateRoleBody, PermissionOut, RoleOut, UpdateRoleBody } from './schema.ts';
import { P } from './policies.ts';
import * as svc from './roles.service.ts';

export async function roleRoutes(app: FastifyInstance, { db, permissions }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['roles'];

  r.get('/api/permissions', {
    config: { access: { permission: P.usersRead } },
    schema: { tags, summary: 'Every permission the modules declare', response: { 200: ListOf(PermissionOut) } },
  }, async () => ({ items: permissions.list().map(({ key, module, zh, en }) => ({ key, module, zh, en })) }));

  r.get('/api/roles', {
    config: { access: { permission: P.usersRead } },
    schema: { tags, summary: 'Roles of this center with their permissions', response: { 200: ListOf(RoleOut) } },
  }, async (req) => svc.listRoles(db, ctxOf(req)));

  r.post('/api/roles', {
    config: { access: { permission: P.rolesManage } },
    schema: { tags, summary: 'Create a custom role', body: CreateRoleBody, response: { 201: RoleOut } },
  }, async (req, reply) => reply.status(201).send(await svc.createRole(db, permissions, ctxOf(req), req.body)));

  r.patch('/api/roles/:id', {
    config: { access: { permission: P.rolesManage } },
    schema: { tags, summary: 'Change a custom role', params: IdParams, body: UpdateRoleBody, response: { 200: RoleOut } },
  }, async (req) => svc.updateRole(db, permissions, ctxOf(req), req.params.id, req.body));

  r.delete('/api/roles/:id', {
    config: { access: { permission: P.rolesManage } },
    schema: { tags, summary: 'Delete a custom role no user holds', params: IdParams },
  }, async (req, reply) => {
    await svc.deleteRole(db, ctxOf(req), req.params.id);
    return reply.status(204).send();
  });
}
