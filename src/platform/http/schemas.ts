/** Schema pieces shared by every module: ids, paging, the error body. */
import { Type, type TLiteral, type TSchema, type TUnion } from 'typebox';
import { appError } from '../errors.ts';

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    details: Type.Optional(Type.Unknown()),
  }),
});

export function Paged<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
}

export function ListOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item) });
}

/**
 * Normalises a page query. Ajv coerces "1e400" to Infinity and lets it past
 * `maximum`, so finiteness is checked here.
 */
export function pageOf(q: { page?: number; pageSize?: number }): { page: number; pageSize: number; offset: number } {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  if (!Number.isFinite(page) || page < 1 || page > 100000) throw appError('VALIDATION_FAILED', { field: 'query.page', message: 'query.page must be a whole number from 1 to 100000.' });
  if (!Number.isFinite(pageSize) || pageSize < 1 || pageSize > 200) throw appError('VALIDATION_FAILED', { field: 'query.pageSize', message: 'query.pageSize must be a whole number from 1 to 200.' });
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Escapes LIKE wildcards in user search text. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A union of string literals, typed as precisely as if written out by hand. */
export function oneOf<const T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Union(values.map((v) => Type.Literal(v)), options) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;
}
