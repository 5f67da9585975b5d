/** HTTP face of story plans (选题). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleDeps } from '../../platform/module.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { IdParams, Paged } from '../../platform/http/schemas.ts';
import { AssignBody, BoardOut, CreatePlanBody, DecidePlanBody, PlanListQuery, PlanOut, UpdatePlanBody } from './plans.schema.ts';
import { P } from './policies.ts';
import * as svc from './plans.service.ts';

export async function planRoutes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['newsroom'];
  const propose = { access: { permission: P.plansPropose } } as const;
  const decide = { access: { permission: P.plansDecide } } as const;

  r.get('/api/plans', { config: propose, schema: { tags, summary: 'Story plans: search, status, mine, calendar range (deadline from/to)', querystring: PlanListQuery, response: { 200: Paged(PlanOut) } } },
    async (req) => svc.listPlans(db, ctxOf(req), req.query));
  r.get('/api/plans/board', { config: propose, schema: { tags, summary: 'The plan board: one column per status', response: { 200: BoardOut } } },
    async (req) => svc.board(db, ctxOf(req)));
  r.post('/api/plans', { config: propose, schema: { tags, summary: 'Propose a story plan', body: CreatePlanBody, response: { 201: PlanOut } } },
    async (req, reply) => reply.status(201).send(await svc.createPlan(db, ctxOf(req), req.body)));
  r.get('/api/plans/:id', { config: propose, schema: { tags, summary: 'One story plan', params: IdParams, response: { 200: PlanOut } } },
    async (req) => svc.getPlan(db, ctxOf(req), req.params.id));
  r.patch('/api/plans/:id', { config: propose, schema: { tags, summary: 'Change a plan (proposer while proposed; deciders until done)', params: IdParams, body: UpdatePlanBody, response: { 200: PlanOut } } },
    async (req) => svc.updatePlan(db, ctxOf(req), req.params.id, req.body));
  r.post('/api/plans/:id/decision', { config: decide, schema: { tags, summary: 'Approve, reject (reason), mark done, cancel (reason)', params: IdParams, body: DecidePlanBody, response: { 200: PlanOut } } },
    async (req) => svc.decidePlan(db, ctxOf(req), req.params.id, req.body));
  r.put('/api/plans/:id/assignments', { config: decide, schema: { tags, summary: 'Assign reporters, photographers, video editors', params: IdParams, body: AssignBody, response: { 200: PlanOut } } },
    async (req) => svc.assign(db, ctxOf(req), req.params.id, req.body));
}
