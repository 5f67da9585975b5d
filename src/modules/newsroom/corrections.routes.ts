/** HTTP face of corrections, unpublishing and retraction (撤稿). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModuleDeps } from '../../platform/module.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { IdParams, ListOf } from '../../platform/http/schemas.ts';
import { ContentIn, ManuscriptDetailOut, ManuscriptOut } from './schema.ts';
import { P } from './policies.ts';
import * as svc from './corrections.service.ts';

const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const CorrectionBody = Type.Object({ baseVersion: Type.Integer({ minimum: 1 }), content: ContentIn, note: Reason }, { additionalProperties: false });
const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });
const DecisionBody = Type.Object({ approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
const CorrectionOut = Type.Object({ version: Type.Integer(), note: Type.String(), createdBy: Type.String(), createdAt: Type.String() });

export async function correctionRoutes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['newsroom'];
  const write = { access: { permission: P.write } } as const;
  r.post('/api/manuscripts/:id/corrections', { config: write, schema: { tags, summary: 'Correct a signed-off manuscript: new version with a visible note (sign-off authority)', params: IdParams, body: CorrectionBody, response: { 200: ManuscriptDetailOut } } },
    async (req) => svc.correct(db, ctxOf(req), req.params.id, req.body));
  r.get('/api/manuscripts/:id/corrections', { config: write, schema: { tags, summary: 'Corrections of a manuscript', params: IdParams, response: { 200: ListOf(CorrectionOut) } } },
    async (req) => svc.listCorrections(db, ctxOf(req), req.params.id));
  r.post('/api/manuscripts/:id/unpublish', { config: write, schema: { tags, summary: 'Take a manuscript off every channel (sign-off authority)', params: IdParams, body: ReasonBody, response: { 200: ManuscriptOut } } },
    async (req) => svc.unpublish(db, ctxOf(req), req.params.id, req.body.reason));
  r.post('/api/manuscripts/:id/retraction', { config: write, schema: { tags, summary: 'Request a retraction (撤稿) with a reason; the sign-off authority\'s own request takes effect', params: IdParams, body: ReasonBody, response: { 200: ManuscriptOut } } },
    async (req) => svc.requestRetraction(db, ctxOf(req), req.params.id, req.body.reason));
  r.post('/api/manuscripts/:id/retraction/decision', { config: write, schema: { tags, summary: 'Approve or refuse a requested retraction (sign-off authority)', params: IdParams, body: DecisionBody, response: { 200: ManuscriptOut } } },
    async (req) => svc.decideRetraction(db, ctxOf(req), req.params.id, req.body.approve, req.body.note));
}
