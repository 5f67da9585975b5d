/** HTTP face of emergency broadcasts: author, approve (two people), cancel, export signed. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModuleDeps } from '../../../platform/module.ts';
import { ctxOf } from '../../../platform/http/context.ts';
import { IdParams, Paged } from '../../../platform/http/schemas.ts';
import { appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { decodeEbdXml, encodeCapXml, ebmToCap, packEbdTar, parseEbdid } from '../ebm/index.ts';
import { BroadcastIn, BroadcastListQuery, BroadcastOut, CorrectionBody, DecisionBody } from './schema.ts';
import { createCorrection } from './correction.ts';
import { P } from './policies.ts';
import * as svc from './service.ts';
import { ensurePlatformKey, rotatePlatformKey } from './keys.ts';
import { audioDepsOf, packageMediaOf, speakIfSilent } from '../audio/index.ts';

export async function broadcastRoutes(app: FastifyInstance, { db, config, events }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['emergency broadcast'];
  const audio = audioDepsOf(db, config);
  const read = { access: { permission: P.read } } as const;

  r.get('/api/eb/broadcasts', { config: read, schema: { tags, summary: 'Broadcasts, newest first (filter: status, drill, q)', querystring: BroadcastListQuery, response: { 200: Paged(BroadcastOut) } } },
    async (req) => svc.list(db, ctxOf(req), req.query));
  r.post('/api/eb/broadcasts', { config: { access: { permission: P.author } }, schema: { tags, summary: 'Author a broadcast (draft)', body: BroadcastIn, response: { 201: BroadcastOut } } },
    async (req, reply) => reply.status(201).send(await svc.create(db, ctxOf(req), req.body)));
  r.get('/api/eb/broadcasts/:id', { config: read, schema: { tags, summary: 'One broadcast', params: IdParams, response: { 200: BroadcastOut } } },
    async (req) => svc.present(await svc.load(db, ctxOf(req), req.params.id)));
  r.post('/api/eb/broadcasts/:id/submit', { config: { access: { permission: P.author } }, schema: { tags, summary: 'Send a draft for approval (a draft without audio gets speech of its text first)', params: IdParams, response: { 200: BroadcastOut } } },
    async (req) => {
      await speakIfSilent(audio, ctxOf(req), req.params.id, req.log);
      return svc.submit(db, ctxOf(req), req.params.id);
    });
  r.post('/api/eb/broadcasts/:id/decision', { config: { access: { permission: P.approve } }, schema: { tags, summary: 'Approve (signs the EBD and prepares the cancel) or reject; a real send needs an approver other than its author', params: IdParams, body: DecisionBody, response: { 200: BroadcastOut } } },
    async (req) => {
      const out = await svc.decide(db, config.dataDir, ctxOf(req), req.params.id, req.body.approve, req.body.note);
      events?.nudge(); // dispatch starts now, not at the next poll
      return out;
    });
  r.put('/api/eb/broadcasts/:id', { config: { access: { permission: P.author } }, schema: { tags, summary: 'Change a draft (its author only)', params: IdParams, body: BroadcastIn, response: { 200: BroadcastOut } } },
    async (req) => svc.update(db, ctxOf(req), req.params.id, req.body));
  r.post('/api/eb/broadcasts/:id/cancel', { config: { access: { permission: P.cancel } }, schema: { tags, summary: 'Cancel: the prepared signed cancel goes out in one action', params: IdParams, body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false })), response: { 200: BroadcastOut } } },
    async (req) => {
      const out = await svc.cancel(db, ctxOf(req), req.params.id, req.body?.reason);
      events?.nudge(); // the stop goes out now, not at the next poll
      return out;
    });
  r.post('/api/eb/broadcasts/:id/correction', { config: { access: { permission: P.author } }, schema: { tags, summary: 'Correct (更正) a sent broadcast: a new draft prefilled from it whose EBM will name it in RelatedInfo; approved, it replaces the original', params: IdParams, body: Type.Optional(CorrectionBody), response: { 201: BroadcastOut } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const id = await createCorrection(db, ctx, req.params.id, req.body ?? {});
      return reply.status(201).send(svc.present(await svc.load(db, ctx, id)));
    });

  r.get('/api/eb/broadcasts/:id/package.tar', { config: read, schema: { tags, summary: 'The signed GD/J 083 package EBDT_<EBDID>.tar of an approved broadcast', params: IdParams } },
    async (req, reply) => {
      const b = await svc.load(db, ctxOf(req), req.params.id);
      if (!b.ebdid || !b.ebd_xml || !b.signature_xml) throw appError('EB_INVALID_TRANSITION', { message: 'Only an approved (signed) broadcast has a package.' });
      const tar = packEbdTar({ ebdid: parseEbdid(b.ebdid), businessXml: b.ebd_xml, signatureXml: b.signature_xml, media: await packageMediaOf(config.dataDir, b.center_id, b.audio) });
      return reply.type('application/x-tar').header('content-disposition', `attachment; filename="EBDT_${b.ebdid}.tar"`).send(tar);
    });
  r.get('/api/eb/broadcasts/:id/cap.xml', { config: read, schema: { tags, summary: 'The broadcast as an OASIS CAP 1.2 alert', params: IdParams } },
    async (req, reply) => {
      const b = await svc.load(db, ctxOf(req), req.params.id);
      if (!b.ebd_xml) throw appError('EB_INVALID_TRANSITION', { message: 'Only an approved broadcast can be exported.' });
      const decoded = decodeEbdXml(b.ebd_xml);
      if (!decoded.ok || decoded.ebd.body.kind !== 'EBM') throw appError('INTERNAL_ERROR');
      return reply.type('application/xml; charset=utf-8').send(encodeCapXml(ebmToCap(decoded.ebd.body.ebm)));
    });

  r.get('/api/eb/keys', { config: read, schema: { tags, summary: "The platform's signing certificates (public part)" } },
    async (req) => {
      const rows = await db.selectFrom('eb_platform_keys').select(['cert_serial', 'public_key', 'active', 'created_at', 'retired_at']).where('center_id', '=', ctxOf(req).actor.centerId).orderBy('created_at', 'desc').execute();
      return { items: rows.map((k) => ({ certSerial: k.cert_serial, publicKey: k.public_key, active: Number(k.active) === 1, createdAt: k.created_at, retiredAt: k.retired_at })) };
    });
  r.post('/api/eb/keys/rotate', { config: { access: { permission: P.keys } }, schema: { tags, summary: 'Make a new signing key the active one (old signatures still verify)' } },
    async (req) => {
      const ctx = ctxOf(req);
      const had = await db.selectFrom('eb_platform_keys').select('id').where('center_id', '=', ctx.actor.centerId).executeTakeFirst();
      const serial = had ? await rotatePlatformKey(db, config.dataDir, ctx.actor.centerId) : await ensurePlatformKey(db, config.dataDir, ctx.actor.centerId);
      await db.transaction().execute((tx) => recordAudit(tx, { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip, action: 'eb.keys.rotate', subjectType: 'eb_key', subjectId: serial }));
      return { certSerial: serial };
    });
}
