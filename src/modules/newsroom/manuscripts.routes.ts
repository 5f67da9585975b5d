/** HTTP face of manuscripts, versions, locks and review. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleDeps } from '../../platform/module.ts';
import { ctxOf } from '../../platform/http/context.ts';
import { IdParams, ListOf, Paged } from '../../platform/http/schemas.ts';
import { appError } from '../../platform/errors.ts';
import {
  CreateManuscriptBody, DiffOut, DiffQuery, LockBody, ManuscriptDetailOut, ManuscriptListQuery, ManuscriptOut, QueuesOut,
  ReviewBody, SaveContentBody, TimelineOut, VersionOut, VersionParams,
} from './schema.ts';
import { P } from './policies.ts';
import * as svc from './manuscripts.service.ts';
import * as reviews from './review.service.ts';

export async function manuscriptRoutes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['newsroom'];
  const write = { access: { permission: P.write } } as const;

  r.get('/api/manuscripts', {
    config: write, schema: { tags, summary: 'Manuscripts: search, filter (status, kind, column, mine, review queue), sort, page', querystring: ManuscriptListQuery, response: { 200: Paged(ManuscriptOut) } },
  }, async (req) => svc.listManuscripts(db, ctxOf(req), req.query));

  r.post('/api/manuscripts', {
    config: write, schema: { tags, summary: 'Create a manuscript (version 1, draft)', body: CreateManuscriptBody, response: { 201: ManuscriptDetailOut } },
  }, async (req, reply) => reply.status(201).send(await svc.createManuscript(db, ctxOf(req), req.body)));

  r.get('/api/manuscripts/:id', {
    config: write, schema: { tags, summary: 'A manuscript with its current content', params: IdParams, response: { 200: ManuscriptDetailOut } },
  }, async (req) => svc.getManuscript(db, ctxOf(req), req.params.id));

  r.put('/api/manuscripts/:id/content', {
    config: write, schema: { tags, summary: 'Save: writes the next version (baseVersion must be current)', params: IdParams, body: SaveContentBody, response: { 200: ManuscriptDetailOut } },
  }, async (req) => svc.saveContent(db, ctxOf(req), req.params.id, req.body));

  r.post('/api/manuscripts/:id/lock', {
    config: write, schema: { tags, summary: 'Take or renew the edit lock (takeover: break another editor\'s lock)', params: IdParams, body: LockBody, response: { 200: ManuscriptOut } },
  }, async (req) => svc.lock(db, ctxOf(req), req.params.id, req.body?.takeover ?? false));

  r.delete('/api/manuscripts/:id/lock', {
    config: write, schema: { tags, summary: 'Release my edit lock', params: IdParams },
  }, async (req, reply) => {
    await svc.unlock(db, ctxOf(req), req.params.id);
    return reply.status(204).send();
  });

  r.get('/api/manuscripts/:id/versions', {
    config: write, schema: { tags, summary: 'Every saved version, newest first', params: IdParams, response: { 200: ListOf(VersionOut) } },
  }, async (req) => svc.listVersions(db, ctxOf(req), req.params.id));

  r.get('/api/manuscripts/:id/versions/:version', {
    config: write, schema: { tags, summary: 'One version\'s content', params: VersionParams, response: { 200: ManuscriptDetailOut } },
  }, async (req) => svc.getVersion(db, ctxOf(req), req.params.id, req.params.version));

  r.post('/api/manuscripts/:id/versions/:version/restore', {
    config: write, schema: { tags, summary: 'Restore a version (as a new version)', params: VersionParams, response: { 200: ManuscriptDetailOut } },
  }, async (req) => svc.restoreVersion(db, ctxOf(req), req.params.id, req.params.version));

  r.get('/api/manuscripts/:id/diff', {
    config: write, schema: { tags, summary: 'Differences between two versions, field by field', params: IdParams, querystring: DiffQuery, response: { 200: DiffOut } },
  }, async (req) => {
    if (req.query.from === req.query.to) throw appError('VALIDATION_FAILED', { field: 'query.to', message: 'query.to must differ from query.from.' });
    return svc.diffVersions(db, ctxOf(req), req.params.id, req.query.from, req.query.to);
  });

  r.post('/api/manuscripts/:id/review', {
    config: write, schema: { tags, summary: 'Review action: submit, approve (last level = sign-off), return, reject', params: IdParams, body: ReviewBody, response: { 200: ManuscriptOut } },
  }, async (req) => reviews.review(db, ctxOf(req), req.params.id, req.body));

  r.get('/api/manuscripts/:id/timeline', {
    config: write, schema: { tags, summary: 'Every version and review step', params: IdParams, response: { 200: TimelineOut } },
  }, async (req) => reviews.timeline(db, ctxOf(req), req.params.id));

  r.get('/api/review/queues', {
    config: write, schema: { tags, summary: 'Manuscripts waiting at each review level I hold', response: { 200: QueuesOut } },
  }, async (req) => reviews.queues(db, ctxOf(req)));
}
