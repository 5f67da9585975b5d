/** HTTP face of content safety: live checks, manuscript checks, the versioned rules. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModuleDeps } from '../../../platform/module.ts';
import { ctxOf } from '../../../platform/http/context.ts';
import { IdParams, ListOf } from '../../../platform/http/schemas.ts';
import { P } from '../policies.ts';
import { loadVisible } from '../manuscripts.service.ts';
import { parseContent } from '../content.ts';
import * as repo from '../manuscripts.repository.ts';
import { checkFields, checkManuscript } from './checks.service.ts';
import { currentRules, listRuleVersions, parseWordLines, rulesVersion, saveRules, type RulesDocument } from './rules.ts';

const Level = Type.Union([Type.Literal('block'), Type.Literal('review')]);
const RulesDoc = Type.Object({
  words: Type.Array(Type.Object({ word: Type.String({ minLength: 1, maxLength: 100 }), level: Level, category: Type.Optional(Type.String({ maxLength: 50 })), note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }), { maxItems: 300_000 }),
  typos: Type.Array(Type.Object({ wrong: Type.String({ minLength: 1, maxLength: 50 }), right: Type.String({ minLength: 1, maxLength: 50 }) }, { additionalProperties: false }), { maxItems: 50_000 }),
  leaders: Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 20 }), title: Type.String({ maxLength: 50 }), rank: Type.Integer({ minimum: 1, maximum: 1000 }) }, { additionalProperties: false }), { maxItems: 500 }),
  bannedHosts: Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 50_000 }),
}, { additionalProperties: false });
const RulesOut = Type.Object({ version: Type.Integer(), document: RulesDoc, note: Type.Union([Type.String(), Type.Null()]), createdAt: Type.Union([Type.String(), Type.Null()]) });
const FindingOut = Type.Object({
  field: Type.String(), rule: Type.String(), start: Type.Integer(), end: Type.Integer(), level: Type.String(), word: Type.String(),
  category: Type.Union([Type.String(), Type.Null()]), suggestion: Type.Optional(Type.String()),
});
const CheckOut = Type.Object({ rulesVersion: Type.Integer(), findings: Type.Array(FindingOut), blocking: Type.Integer(), reviewing: Type.Integer() });
const CheckBody = Type.Object({
  title: Type.String({ maxLength: 200 }), subtitle: Type.Optional(Type.String({ maxLength: 200 })), summary: Type.Optional(Type.String({ maxLength: 1000 })),
  body: Type.Optional(Type.String({ maxLength: 500_000 })),
}, { additionalProperties: false });

export async function safetyRoutes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['content safety'];
  const write = { access: { permission: P.write } } as const;
  const manage = { access: { permission: P.safetyManage } } as const;

  r.post('/api/safety/check', { config: write, schema: { tags, summary: 'Check text (the editor calls this as you type); body is plain text', body: CheckBody, response: { 200: CheckOut } } },
    async (req) => checkFields(db, ctxOf(req).actor.centerId, req.body));
  r.post('/api/manuscripts/:id/safety-check', { config: write, schema: { tags, summary: 'Check the current version of a manuscript and record the result', params: IdParams, response: { 200: CheckOut } } },
    async (req) => {
      const ctx = ctxOf(req);
      return db.transaction().execute(async (tx) => {
        const m = await loadVisible(tx, ctx, req.params.id);
        const v = await repo.findVersion(tx, m.center_id, m.id, Number(m.version));
        return checkManuscript(tx, { centerId: m.center_id, id: m.id, version: Number(m.version) }, parseContent(v!.content), 'manual');
      });
    });
  r.get('/api/safety/rules', { config: write, schema: { tags, summary: 'The current safety rules', response: { 200: RulesOut } } },
    async (req) => currentRules(db, ctxOf(req).actor.centerId));
  r.get('/api/safety/rules/versions', { config: manage, schema: { tags, summary: 'Every version of the rules', response: { 200: ListOf(Type.Object({ version: Type.Integer(), wordCount: Type.Integer(), note: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(), createdByName: Type.String() })) } } },
    async (req) => ({ items: await listRuleVersions(db, ctxOf(req).actor.centerId) }));
  r.get('/api/safety/rules/versions/:version', { config: manage, schema: { tags, summary: 'One version of the rules', params: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }), response: { 200: RulesOut } } },
    async (req) => rulesVersion(db, ctxOf(req).actor.centerId, req.params.version));
  r.put('/api/safety/rules', {
    config: manage, bodyLimit: 32 * 1024 * 1024,
    schema: { tags, summary: 'Save the rules as a new version (baseVersion must be current)', body: Type.Object({ baseVersion: Type.Integer({ minimum: 0 }), document: RulesDoc, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }), response: { 200: RulesOut } },
  }, async (req) => saveRules(db, ctxOf(req), req.body.baseVersion, req.body.document as RulesDocument, req.body.note ?? null));
  r.post('/api/safety/rules/import', {
    config: manage, bodyLimit: 32 * 1024 * 1024,
    schema: {
      tags, summary: 'Import sensitive words, one per line: word[TAB level[TAB category]]; merge into or replace the current list',
      body: Type.Object({ baseVersion: Type.Integer({ minimum: 0 }), text: Type.String({ maxLength: 16 * 1024 * 1024 }), level: Level, mode: Type.Union([Type.Literal('merge'), Type.Literal('replace')]), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 200: RulesOut },
    },
  }, async (req) => {
    const ctx = ctxOf(req);
    const current = await currentRules(db, ctx.actor.centerId);
    const imported = parseWordLines(req.body.text, req.body.level);
    const words = req.body.mode === 'replace' ? imported : [...current.document.words, ...imported];
    return saveRules(db, ctx, req.body.baseVersion, { ...current.document, words }, req.body.note ?? `import ${imported.length} words (${req.body.mode})`);
  });
}
