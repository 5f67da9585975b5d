/** HTTP face of dispatch: a broadcast's coverage (terminals and areas not reached first). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModuleDeps } from '../../../platform/module.ts';
import { ctxOf } from '../../../platform/http/context.ts';
import { IdParams } from '../../../platform/http/schemas.ts';
import { coverageOf } from './coverage.ts';
import { coverageCsv } from './report.ts';
import { DELIVERY_STATES } from './types.ts';

const Count = Type.Integer({ minimum: 0 });
export const CoverageOut = Type.Object({
  notReached: Type.Array(Type.Object({ ebrid: Type.String(), areaCode: Type.String(), state: Type.String(), reason: Type.Union([Type.String(), Type.Null()]) })),
  broadcastId: Type.String(), ebmid: Type.Union([Type.String(), Type.Null()]), status: Type.String(),
  total: Count, reached: Count,
  byState: Type.Object(Object.fromEntries(DELIVERY_STATES.map((s) => [s, Count]))),
  byArea: Type.Array(Type.Object({ areaCode: Type.String(), total: Count, playing: Count, stopped: Count, notReached: Count })),
});

export async function dispatchRoutes(app: FastifyInstance, { db }: Pick<ModuleDeps, 'db'>): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/eb/broadcasts/:id/coverage', {
    config: { access: { permission: 'eb.broadcast.read' } },
    schema: { tags: ['emergency broadcast'], summary: 'Delivery to terminals: not reached first, then by state and by area', params: IdParams, response: { 200: CoverageOut } },
  }, async (req) => coverageOf(db, ctxOf(req), req.params.id));
  r.get('/api/eb/broadcasts/:id/coverage.csv', {
    config: { access: { permission: 'eb.broadcast.read' } },
    schema: { tags: ['emergency broadcast'], summary: 'The final report, terminal by terminal with timestamps (Beijing time), not reached first, as CSV', params: IdParams },
  }, async (req, reply) => {
    const report = await coverageCsv(db, ctxOf(req), req.params.id);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${report.name}"`).send(report.csv);
  });
}
