/**
 * Turns every failure into `{ error: { code, message, field? } }` with a 4xx/5xx
 * status. Validation errors name the field; unknown errors become INTERNAL_ERROR
 * and are logged, never sent with a stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, appError, ERRORS, type ErrorBody } from '../errors.ts';

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fieldOf(context: string | undefined, e: AjvLikeError): string {
  const parts = (e.instancePath ?? '').split('/').filter(Boolean);
  const missing = e.params?.missingProperty ?? e.params?.additionalProperty;
  if (typeof missing === 'string') parts.push(missing);
  // Body fields are named as the client sent them (`username`); query and path
  // parameters carry their place (`query.pageSize`, `params.id`).
  if (!context || context === 'body') return parts.join('.') || 'body';
  return [context === 'querystring' ? 'query' : context, ...parts].join('.');
}

function validationError(err: FastifyError): AppError {
  const first = (err.validation?.[0] ?? {}) as AjvLikeError;
  const field = fieldOf(err.validationContext, first);
  let reason = first.message ?? 'is invalid';
  if (first.keyword === 'additionalProperties') reason = 'is not an accepted field';
  if (first.keyword === 'required') reason = 'is required';
  return appError('VALIDATION_FAILED', { field, message: `${field} ${reason}.` });
}

/**
 * Maps a thrown value to the error a client may see. `bodyType`: what the route takes
 * when not JSON (its `config.bodyType`), so an unparsable body type is told that instead
 * of the generic "send application/json".
 */
export function toClientError(err: unknown, bodyType?: string): AppError | null {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (fe && Array.isArray(fe.validation)) return validationError(fe);
  switch (fe?.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return bodyType === 'multipart/form-data' ? appError('MULTIPART_REQUIRED', { field: 'content-type' }) : appError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return appError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return appError('INVALID_JSON');
  }
  if (fe?.statusCode === 429) return appError('RATE_LIMITED');
  if (err instanceof SyntaxError && (fe as { statusCode?: number }).statusCode === 400) return appError('INVALID_JSON');
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return appError('BAD_REQUEST', { message: fe.message });
  }
  return null;
}

export function registerErrorHandling(app: FastifyInstance, opts: { spaIndex: () => string | null }): void {
  app.setErrorHandler((err, request, reply) => {
    const clientError = toClientError(err, request.routeOptions.config?.bodyType);
    if (clientError) {
      if (clientError.code === 'RATE_LIMITED') reply.header('retry-after', '60');
      return reply.status(clientError.status).send(clientError.toBody());
    }
    request.log.error({ err }, 'unhandled error');
    const body: ErrorBody = { error: { code: 'INTERNAL_ERROR', message: ERRORS.INTERNAL_ERROR.message } };
    return reply.status(500).send(body);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url.split('?')[0] ?? '/';
    const wantsPage = request.method === 'GET' && !url.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(url);
    const index = wantsPage ? opts.spaIndex() : null;
    if (index) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
    return reply.status(404).send(appError('ROUTE_NOT_FOUND', { message: `No route ${request.method} ${url}: check the method and path (see /docs).` }).toBody());
  });
}
