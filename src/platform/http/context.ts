import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../auth/actor.ts';
import { appError } from '../errors.ts';

/** The service-facing context of an authenticated request. */
export function ctxOf(request: FastifyRequest): RequestContext {
  if (!request.actor) throw appError('AUTH_REQUIRED');
  return { actor: request.actor, ip: request.ip ?? null };
}
