/** Request and response schemas of the resource registry (`/api/eb/…`). */
import { Type, type Static } from 'typebox';
import { Id, oneOf, PageQuery } from '../../../platform/http/schemas.ts';
import { PROTOCOLS, RESOURCE_KINDS, RESOURCE_STATUSES } from './types.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
// Codes are checked by the service, whose messages name the part at fault (level, area, type…).
const Ebrid = Type.String({ minLength: 1, maxLength: 40, description: '23-digit resource code (GD/J 080)' });
const AreaCodeIn = Type.String({ minLength: 1, maxLength: 20, description: '12-digit area code' });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Latitude = Type.Number({ minimum: -90, maximum: 90 });

export const ResourceOut = Type.Object({
  id: Type.String(),
  ebrid: Type.String(),
  physicalId: Type.String(),
  kind: oneOf(RESOURCE_KINDS),
  name: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  parentId: Nullable(Type.String()),
  parentEbrid: Nullable(Type.String()),
  protocol: Nullable(oneOf(PROTOCOLS)),
  address: Nullable(Type.String()),
  longitude: Nullable(Type.Number()),
  latitude: Nullable(Type.Number()),
  status: oneOf(RESOURCE_STATUSES),
  statusSince: Type.String(),
  lastSeenAt: Nullable(Type.String()),
  certSerial: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ResourceOut = Static<typeof ResourceOut>;

const WritableFields = {
  physicalId: Type.String({ minLength: 1, maxLength: 64 }),
  kind: oneOf(RESOURCE_KINDS, { description: 'optional: follows from the EBRID (subtype 04 under a terminal is a loudspeaker)' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  areaCode: AreaCodeIn,
  parentId: Nullable(Id),
  protocol: Nullable(oneOf(PROTOCOLS)),
  address: Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'host:port (ip) or MQTT client id (mqtt)' })),
  longitude: Nullable(Longitude),
  latitude: Nullable(Latitude),
};

export const CreateResourceBody = Type.Object({
  ebrid: Ebrid,
  physicalId: WritableFields.physicalId,
  kind: Type.Optional(WritableFields.kind),
  name: WritableFields.name,
  areaCode: WritableFields.areaCode,
  parentId: Type.Optional(WritableFields.parentId),
  protocol: Type.Optional(WritableFields.protocol),
  address: Type.Optional(WritableFields.address),
  longitude: Type.Optional(WritableFields.longitude),
  latitude: Type.Optional(WritableFields.latitude),
}, { additionalProperties: false });
export type CreateResourceBody = Static<typeof CreateResourceBody>;

/** Every field optional; null clears parent, protocol, address and coordinates. */
export const UpdateResourceBody = Type.Object({
  ebrid: Type.Optional(Ebrid),
  physicalId: Type.Optional(WritableFields.physicalId),
  kind: Type.Optional(WritableFields.kind),
  name: Type.Optional(WritableFields.name),
  areaCode: Type.Optional(WritableFields.areaCode),
  parentId: Type.Optional(WritableFields.parentId),
  protocol: Type.Optional(WritableFields.protocol),
  address: Type.Optional(WritableFields.address),
  longitude: Type.Optional(WritableFields.longitude),
  latitude: Type.Optional(WritableFields.latitude),
}, { additionalProperties: false });
export type UpdateResourceBody = Static<typeof UpdateResourceBody>;

/** Filters shared by the list and the CSV export. */
const FilterFields = {
  area: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'this area and every area inside it' })),
  kind: Type.Optional(oneOf(RESOURCE_KINDS)),
  status: Type.Optional(oneOf(RESOURCE_STATUSES)),
  parentId: Type.Optional(Id),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'part of the name, EBRID or physical id' })),
};
export const SORTS = ['ebrid', '-ebrid', 'name', '-name', 'areaCode', '-areaCode', 'kind', '-kind', 'status', '-status', 'statusSince', '-statusSince', 'updatedAt', '-updatedAt'] as const;

export const ResourceListQuery = Type.Object({ ...FilterFields, sort: Type.Optional(oneOf(SORTS)), ...PageQuery }, { additionalProperties: false });
export type ResourceListQuery = Static<typeof ResourceListQuery>;
export const ResourceExportQuery = Type.Object(FilterFields, { additionalProperties: false });
export type ResourceFilter = Static<typeof ResourceExportQuery>;

/** A resource by id, or by its 23-digit EBRID. */
export const ResourceKeyParams = Type.Object({ id: Id }, { additionalProperties: false });

export const StatusCounts = Type.Object({
  total: Type.Integer(), online: Type.Integer(), playing: Type.Integer(), fault: Type.Integer(), offline: Type.Integer(),
});
export type StatusCounts = Static<typeof StatusCounts>;

export const AreaNodeOut = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  childCount: Type.Integer(),
  /** Terminals in the whole subtree, by status. */
  terminals: StatusCounts,
  loudspeakers: Type.Integer(),
});
export type AreaNodeOut = Static<typeof AreaNodeOut>;

export const AreaTreeQuery = Type.Object({ parent: Type.Optional(Type.String({ pattern: '^\\d{12}$' })) }, { additionalProperties: false });
export const AreaTreeOut = Type.Object({ parent: Nullable(AreaNodeOut), items: Type.Array(AreaNodeOut) });

export const SummaryOut = Type.Object({
  total: Type.Integer(),
  byStatus: StatusCounts,
  byKind: Type.Object(Object.fromEntries(RESOURCE_KINDS.map((k) => [k, StatusCounts])) as Record<(typeof RESOURCE_KINDS)[number], typeof StatusCounts>),
});

export const ImportBody = Type.Object({
  csv: Type.String({ minLength: 1, maxLength: 16_000_000, description: 'the CSV text, as exported (header row first)' }),
  dryRun: Type.Optional(Type.Boolean({ description: 'check and count, change nothing' })),
}, { additionalProperties: false });
export type ImportBody = Static<typeof ImportBody>;

export const ImportOut = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
});
export type ImportOut = Static<typeof ImportOut>;
