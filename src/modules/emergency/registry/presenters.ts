/** The fields of registry rows that leave the server (the public key stays inside). */
import type { ResourceRow } from './repository.ts';
import type { ResourceOut } from './schema.ts';
import type { Protocol, ResourceKind, ResourceStatus } from './types.ts';

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** A resource as the API shows it. */
export function presentResource(r: ResourceRow): ResourceOut {
  return {
    id: r.id,
    ebrid: r.ebrid,
    physicalId: r.physical_id,
    kind: r.kind as ResourceKind,
    name: r.name,
    areaCode: r.area_code,
    areaName: r.area_name,
    parentId: r.parent_id,
    parentEbrid: r.parent_ebrid,
    protocol: r.protocol as Protocol | null,
    address: r.address,
    longitude: num(r.longitude),
    latitude: num(r.latitude),
    status: r.status as ResourceStatus,
    statusSince: r.status_since,
    lastSeenAt: r.last_seen_at,
    certSerial: r.cert_serial,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
