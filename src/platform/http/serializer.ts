/**
 * How response schemas become serializers. Fastify hands each route's response schema to
 * fast-json-stringify, which writes an `X | null` union (TypeBox `Type.Union([X,
 * Type.Null()])`, JSON Schema `anyOf`) as a run-time choice: it validates the value
 * against X with Ajv on every response, and compiles that validator on the route's first
 * response (~14 ms for a broadcast, paid by the first approval after a restart). The
 * same union written as X with `nullable: true` is a plain `=== null` test, so the
 * serializer is compiled from that form. The route's schema itself (validation, the
 * OpenAPI document) is not changed.
 */
import fastJson from 'fast-json-stringify';

type Schema = Record<string | symbol, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNull = (s: unknown): boolean => isSchema(s) && s.type === 'null' && Object.keys(s).every((k) => k === 'type' || k === 'description');

/** `{ anyOf: [X, { type: 'null' }] }` → X with `nullable: true`, where X has one plain type; everything else copied as is, at any depth. */
export function nullableUnions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableUnions);
  if (!isSchema(schema)) return schema;
  const out: Schema = {};
  for (const key of Object.keys(schema)) out[key] = nullableUnions(schema[key]);
  const options = out.anyOf;
  if (Array.isArray(options) && options.length === 2 && options.some(isNull)) {
    const other = options.find((o) => !isNull(o));
    if (isSchema(other) && typeof other.type === 'string' && other.type !== 'null' && other.anyOf === undefined && other.oneOf === undefined) {
      const { anyOf: _options, ...siblings } = out;
      return { ...other, ...siblings, nullable: true };
    }
  }
  return out;
}

/** Fastify's serializer compiler with the rewrite above. */
export function serializerCompiler({ schema }: { schema: unknown }): (data: unknown) => string {
  return fastJson(nullableUnions(schema) as Parameters<typeof fastJson>[0]);
}
