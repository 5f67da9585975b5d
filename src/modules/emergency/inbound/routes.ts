/**
 * HTTP face of incoming alerts: the GD/J 083 receive endpoint for peer platforms, the
 * staff's list / detail / adopt / dismiss, the trusted certificates (authorization list)
 * and the peer senders' replay state.
 *
 * `POST /api/eb/ebd` is public: a peer platform has no session; it is authenticated by
 * the package's signature against the receiving center's trusted certificates. It needs
 * no CSRF header (the access hook checks CSRF only for cookie sessions on non-public
 * routes, and a peer sends no cookie). It stays under the global rate limit, and the
 * package is limited to 20 MB.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleDeps } from '../../../platform/module.ts';
import { ctxOf } from '../../../platform/http/context.ts';
import { IdParams, ListOf, Paged } from '../../../platform/http/schemas.ts';
import { appError } from '../../../platform/errors.ts';
import { P } from '../broadcasts/policies.ts';
import { CenterCodeParams, CertIn, CertOut, DismissBody, InboundDetailOut, InboundListQuery, InboundOut, ResetSenderBody, SenderOut, SenderParams, SerialParams } from './schema.ts';
import { receive } from './receive.service.ts';
import * as svc from './inbound.service.ts';
import * as certs from './certs.service.ts';
import * as senders from './senders.service.ts';

/** The largest package accepted (media files included). */
export const MAX_PACKAGE_BYTES = 20 * 1024 * 1024;

/** The one file part of a GD/J 083 request, as bytes. */
async function packageOf(req: FastifyRequest): Promise<{ tar: Buffer; fileName: string }> {
  if (!req.isMultipart()) throw appError('EB_EBD_PART_MISSING');
  try {
    const part = await req.file();
    if (!part) throw appError('EB_EBD_PART_MISSING');
    return { tar: await part.toBuffer(), fileName: part.filename };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw appError('PAYLOAD_TOO_LARGE', { message: `An EBD package may be at most ${MAX_PACKAGE_BYTES / 1024 / 1024} MB.` });
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw appError('EB_EBD_PART_MISSING', { message: 'Send exactly one file part, EBDT_<EBDID>.tar.' });
    if (code?.startsWith('FST_') || /multipart|part terminated|unexpected end/i.test((err as Error).message ?? '')) throw appError('BAD_REQUEST', { message: 'The multipart/form-data body is malformed.' });
    throw err;
  }
}

export async function inboundRoutes(app: FastifyInstance, { db, config }: ModuleDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_PACKAGE_BYTES, files: 1, fields: 4, fieldSize: 1024, parts: 5, headerPairs: 50 } });
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const peer = { access: 'public' } as const;
    const summary = 'GD/J 083 receive: multipart/form-data with one part EBDT_<EBDID>.tar; answers a signed receipt TAR (EBDResponse, ResultCode 1 accepted, 2–5 refused) with HTTP 200';
    const handle = async (req: FastifyRequest, centerCode: string | undefined) => {
      const { tar, fileName } = await packageOf(req);
      return receive(db, config.dataDir, { tar, fileName, ip: req.ip ?? null, ...(centerCode !== undefined ? { centerCode } : {}) });
    };
    const send = (out: Awaited<ReturnType<typeof receive>>, reply: import('fastify').FastifyReply) =>
      reply.type('application/x-tar').header('content-disposition', `attachment; filename="EBDT_${out.receipt.ebdid}.tar"`)
        .header('x-eb-result-code', String(out.resultCode)).send(out.receipt.tar);
    r.post('/api/eb/ebd', { config: peer, schema: { tags: ['emergency inbound'], summary: `${summary}; the receiving center is the one whose platform EBRID is DEST/EBRID`, consumes: ['multipart/form-data'] } },
      async (req, reply) => send(await handle(req, undefined), reply));
    r.post('/api/eb/ebd/:centerCode', { config: peer, schema: { tags: ['emergency inbound'], summary: `${summary}; for the center with this code (DEST/EBRID must still be its platform)`, params: CenterCodeParams, consumes: ['multipart/form-data'] } },
      async (req, reply) => send(await handle(req, req.params.centerCode), reply));
  });

  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['emergency inbound'];
  const read = { access: { permission: P.read } } as const;
  const author = { access: { permission: P.author } } as const;
  const keys = { access: { permission: P.keys } } as const;
  r.get('/api/eb/inbound', { config: read, schema: { tags, summary: 'Packages received from other platforms, newest first (state: new, adopted, dismissed, refused; q: title, sender, EBDID, reason)', querystring: InboundListQuery, response: { 200: Paged(InboundOut) } } },
    async (req) => svc.list(db, ctxOf(req), req.query));
  r.get('/api/eb/inbound/:id', { config: read, schema: { tags, summary: 'One received package with its XML', params: IdParams, response: { 200: InboundDetailOut } } },
    async (req) => svc.get(db, ctxOf(req), req.params.id));
  r.post('/api/eb/inbound/:id/adopt', { config: author, schema: { tags, summary: "Adopt: a draft broadcast of this center's areas (two-person approval follows)", params: IdParams, response: { 200: InboundDetailOut } } },
    async (req) => svc.adopt(db, ctxOf(req), req.params.id));
  r.post('/api/eb/inbound/:id/dismiss', { config: author, schema: { tags, summary: 'Dismiss with a reason', params: IdParams, body: DismissBody, response: { 200: InboundDetailOut } } },
    async (req) => svc.dismiss(db, ctxOf(req), req.params.id, req.body.reason));

  const whoOf = (req: FastifyRequest) => {
    const ctx = ctxOf(req);
    return { centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip };
  };
  r.get('/api/eb/certs', { config: read, schema: { tags, summary: 'Trusted sender certificates (GD/J 081 authorization list)', response: { 200: ListOf(CertOut) } } },
    async (req) => certs.listCerts(db, ctxOf(req).actor.centerId));
  r.post('/api/eb/certs', { config: keys, schema: { tags, summary: 'Trust a sender certificate (serial, SM2 public key, subject, validity)', body: CertIn, response: { 201: CertOut } } },
    async (req, reply) => reply.status(201).send(await certs.addCert(db, whoOf(req), req.body)));
  r.post('/api/eb/certs/:serial/revoke', { config: keys, schema: { tags, summary: 'Revoke a trusted certificate: its signatures are refused from now on', params: SerialParams, response: { 200: CertOut } } },
    async (req) => certs.revokeCert(db, whoOf(req), req.params.serial));

  // The replay guard's memory of each peer: read and reset by whoever manages the authorization list.
  r.get('/api/eb/senders', { config: keys, schema: { tags, summary: 'Peer senders: highest accepted EBDID sequence, last seen', response: { 200: ListOf(SenderOut) } } },
    async (req) => senders.listSenders(db, ctxOf(req).actor.centerId));
  r.post('/api/eb/senders/:ebrid/reset', { config: keys, schema: { tags, summary: 'Reset a peer that restarted its EBDID counter: its next package is judged as a new sender\'s (reason audited)', params: SenderParams, body: ResetSenderBody, response: { 200: ListOf(SenderOut) } } },
    async (req) => senders.resetSender(db, whoOf(req), req.params.ebrid, req.body.reason));
}
