/** HTTP face of manuscript search: GET /api/search/manuscripts. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { ModuleDeps } from '../../../platform/module.ts';
import { ctxOf } from '../../../platform/http/context.ts';
import { oneOf, PageQuery, pageOf, Paged } from '../../../platform/http/schemas.ts';
import { STATUSES } from '../schema.ts';
import { P, visibilityOf } from '../policies.ts';
import { searchManuscripts } from './search.service.ts';

/** Longest query accepted: a sentence or two; longer text is refused with a 400 naming `query.q`. */
export const MAX_QUERY_LENGTH = 1000;

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'Words (all must match), "quoted phrases", -excluded words' })),
  status: Type.Optional(oneOf(STATUSES)),
  ...PageQuery,
}, { additionalProperties: false });
export type SearchQuery = Static<typeof SearchQuery>;

const Ranges = Type.Array(Type.Tuple([Type.Integer(), Type.Integer()]), { description: '[start, end) in UTF-16 code units: mark text.slice(start, end)' });

export const SearchItemOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  titleHighlights: Ranges,
  status: Type.String(),
  updatedAt: Type.String(),
  score: Type.Number(),
  snippet: Type.Object({ text: Type.String(), highlights: Ranges }),
});

/** Mounted by the newsroom module; searching needs the right to write manuscripts, and shows only those the caller may see. */
export async function searchRoutes(app: FastifyInstance, { db }: ModuleDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/search/manuscripts', {
    config: { access: { permission: P.write } },
    schema: {
      tags: ['newsroom'],
      summary: 'Full-text search of manuscripts (Chinese words, "phrases", -exclusions), best match first',
      querystring: SearchQuery,
      response: { 200: Paged(SearchItemOut) },
    },
  }, async (req) => {
    const ctx = ctxOf(req);
    const { page, pageSize } = pageOf(req.query);
    const result = await searchManuscripts(db, {
      centerId: ctx.actor.centerId, query: req.query.q ?? '', visibility: visibilityOf(ctx.actor), status: req.query.status, page, pageSize,
    });
    return { ...result, page, pageSize };
  });
}
