/**
 * HTTP face of broadcast rights (GD/J 088): grants (`/api/eb/grants`), operator scopes
 * (`/api/eb/operators`) and what the caller may broadcast to (`/api/eb/me/scope`, for the
 * console's area picker). Reading needs `eb.broadcast.read`, changing `eb.grants.manage`.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleDeps } from '../../../platform/module.ts';
import { ctxOf } from '../../../platform/http/context.ts';
import { IdParams, ListOf } from '../../../platform/http/schemas.ts';
import { G } from './policies.ts';
import { GrantIn, GrantListQuery, GrantOut, MyScopeOut, OperatorOut, RevokeBody, ScopeBody, UserIdParams } from './schema.ts';
import * as svc from './service.ts';

/** Registers the grants' routes on `app`. */
export async function grantRoutes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['emergency broadcast: rights'];
  const read = { access: { permission: 'eb.broadcast.read' } } as const;
  const manage = { access: { permission: G.manage } } as const;

  r.get('/api/eb/grants', { config: read, schema: { tags, summary: 'Broadcast rights the county granted towns and villages, newest first (filter: status, areaCode)', querystring: GrantListQuery, response: { 200: ListOf(GrantOut) } } },
    async (req) => svc.listGrants(db, ctxOf(req), req.query));
  r.post('/api/eb/grants', { config: manage, schema: { tags, summary: 'Grant a town or village (and everything inside it) the right to broadcast; county level only', body: GrantIn, response: { 201: GrantOut } } },
    async (req, reply) => reply.status(201).send(await svc.createGrant(db, ctxOf(req), req.body)));
  r.post('/api/eb/grants/:id/revoke', { config: manage, schema: { tags, summary: 'Revoke a grant (kept, marked revoked); county level only', params: IdParams, body: RevokeBody, response: { 200: GrantOut } } },
    async (req) => svc.revokeGrant(db, ctxOf(req), req.params.id, req.body.reason));
  r.get('/api/eb/operators', { config: manage, schema: { tags, summary: 'Users holding broadcast rights through their roles, with the area each is bound to', response: { 200: ListOf(OperatorOut) } } },
    async (req) => svc.listOperators(db, ctxOf(req)));
  r.put('/api/eb/operators/:userId/scope', { config: manage, schema: { tags, summary: 'Bind a user to a town or village, or free them to county level (null)', params: UserIdParams, body: ScopeBody } },
    async (req) => svc.setScope(db, ctxOf(req), req.params.userId, req.body.areaCode));
  r.get('/api/eb/me/scope', { config: read, schema: { tags, summary: 'What I may broadcast to: my scope (none = county level), the active grants reaching it, the usable areas', response: { 200: MyScopeOut } } },
    async (req) => svc.myScope(db, ctxOf(req)));
}
