/**
 * HTTP face of the resource registry, all under `/api/eb/`. Reading needs
 * `eb.registry.read`, changing `eb.registry.manage`. A resource is addressed by its
 * id or by its 23-digit EBRID. The CSV import takes JSON (`{ csv, dryRun }`) rather
 * than text/csv: the console's cookie-authenticated changes must be JSON (CSRF rule).
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleDeps } from '../../../platform/module.ts';
import { ctxOf } from '../../../platform/http/context.ts';
import { Paged } from '../../../platform/http/schemas.ts';
import { P } from './policies.ts';
import {
  AreaTreeOut, AreaTreeQuery, CreateResourceBody, ImportBody, ImportOut, ResourceExportQuery, ResourceKeyParams,
  ResourceListQuery, ResourceOut, SummaryOut, UpdateResourceBody,
} from './schema.ts';
import * as svc from './service.ts';
import { areaTree, summary } from './tree.service.ts';
import { exportCsv, importCsv } from './csv.service.ts';
import { EnrollBody, enrollCertificates } from './certificates.ts';

/** The whole registry export of a county fits well within this (≈ 250 bytes a row). */
const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

/** Registers the registry's routes on `app`. */
export async function registryRoutes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['emergency broadcast: resources'];
  const read = { access: { permission: P.read } } as const;
  const manage = { access: { permission: P.manage } } as const;

  r.get('/api/eb/resources', {
    config: read,
    schema: { tags, summary: 'Resources: filter by area (with everything inside it), kind, status, parent, text; sort; page', querystring: ResourceListQuery, response: { 200: Paged(ResourceOut) } },
  }, async (req) => svc.listResources(db, ctxOf(req), req.query));

  r.get('/api/eb/resources.csv', {
    config: read,
    schema: { tags, summary: 'The resources as CSV (UTF-8 with BOM, for Excel); same filters as the list', querystring: ResourceExportQuery },
  }, async (req, reply) => {
    const ctx = ctxOf(req);
    const text = await exportCsv(db, ctx, req.query);
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="eb-resources-${ctx.actor.centerCode.replace(/[^\w-]/g, '_')}-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(text);
  });

  r.post('/api/eb/resources/import', {
    config: manage,
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: { tags, summary: 'Import CSV text: all rows checked first (400 lists every problem, nothing changes), then upserted by EBRID', body: ImportBody, response: { 200: ImportOut } },
  }, async (req) => importCsv(db, ctxOf(req), req.body.csv, req.body.dryRun ?? false));

  r.get('/api/eb/resources/:id', {
    config: read,
    schema: { tags, summary: 'One resource, by id or EBRID', params: ResourceKeyParams, response: { 200: ResourceOut } },
  }, async (req) => svc.getResource(db, ctxOf(req), req.params.id));

  r.post('/api/eb/resources', {
    config: manage,
    schema: { tags, summary: 'Register a resource (its kind follows from the EBRID)', body: CreateResourceBody, response: { 201: ResourceOut } },
  }, async (req, reply) => reply.status(201).send(await svc.createResource(db, ctxOf(req), req.body)));

  r.patch('/api/eb/resources/:id', {
    config: manage,
    schema: { tags, summary: 'Change a resource; a new area needs an EBRID of that area', params: ResourceKeyParams, body: UpdateResourceBody, response: { 200: ResourceOut } },
  }, async (req) => svc.updateResource(db, ctxOf(req), req.params.id, req.body));

  r.post('/api/eb/resources/certificates', {
    config: manage,
    schema: { tags, summary: "Enrol terminals' signing certificates (serial + SM2 public key) by EBRID, up to 5,000 at a time; all or nothing", body: EnrollBody },
  }, async (req) => enrollCertificates(db, ctxOf(req), req.body));

  r.delete('/api/eb/resources/:id', {
    config: manage,
    schema: { tags, summary: 'Retire (delete) a resource nothing hangs under', params: ResourceKeyParams },
  }, async (req, reply) => {
    await svc.deleteResource(db, ctxOf(req), req.params.id);
    return reply.status(204).send();
  });

  r.get('/api/eb/areas/tree', {
    config: read,
    schema: { tags, summary: 'Child areas of a parent (the roots without one), with terminal counts by status in each subtree', querystring: AreaTreeQuery, response: { 200: AreaTreeOut } },
  }, async (req) => areaTree(db, ctxOf(req), req.query.parent));

  r.get('/api/eb/summary', {
    config: read,
    schema: { tags, summary: 'Totals of the registry by kind and status', response: { 200: SummaryOut } },
  }, async (req) => summary(db, ctxOf(req)));
}
