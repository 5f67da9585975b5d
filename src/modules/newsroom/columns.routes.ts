/** HTTP face of columns (栏目). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModuleDeps } from '../../platform/module.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { IdParams, ListOf } from '../../platform/http/schemas.ts';
import { ColumnOut, CreateColumnBody, UpdateColumnBody } from './schema.ts';
import { P } from './policies.ts';
import * as svc from './columns.service.ts';

const Settings = Type.Object({ defaultReviewLevels: Type.Integer({ minimum: 1, maximum: 3 }) }, { additionalProperties: false });

export async function columnRoutes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['newsroom'];
  r.get('/api/newsroom/settings', {
    config: { access: { permission: P.write } }, schema: { tags, summary: "The center's review depth for manuscripts outside any column (default 3)", response: { 200: Settings } },
  }, async (req) => svc.getSettings(db, ctxOf(req)));
  r.put('/api/newsroom/settings', {
    config: { access: { permission: P.columns } }, schema: { tags, summary: "Set the center's default review depth (1–3)", body: Settings, response: { 200: Settings } },
  }, async (req) => svc.putSettings(db, ctxOf(req), req.body.defaultReviewLevels));
  r.get('/api/columns', {
    config: { access: { permission: P.write } }, schema: { tags, summary: 'Columns and their review depth', response: { 200: ListOf(ColumnOut) } },
  }, async (req) => svc.listColumns(db, ctxOf(req)));
  r.post('/api/columns', {
    config: { access: { permission: P.columns } }, schema: { tags, summary: 'Create a column', body: CreateColumnBody, response: { 201: ColumnOut } },
  }, async (req, reply) => reply.status(201).send(await svc.createColumn(db, ctxOf(req), req.body)));
  r.patch('/api/columns/:id', {
    config: { access: { permission: P.columns } }, schema: { tags, summary: 'Change a column (name, review levels 1–3)', params: IdParams, body: UpdateColumnBody, response: { 200: ColumnOut } },
  }, async (req) => svc.updateColumn(db, ctxOf(req), req.params.id, req.body));
}
