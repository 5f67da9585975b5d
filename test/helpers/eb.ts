/**
 * Fixtures for emergency-broadcast tests: a center serving 乐昌市 with its area tree and
 * signing key, staff signed in by role, and terminals registered straight into the
 * registry (the registry's own API has its own tests).
 */
import { randomUUID } from 'node:crypto';
import { ensurePlatformKey } from '../../src/modules/emergency/index.ts';
import { parseAreaCode } from '../../src/modules/emergency/ebm/index.ts';
import { ebridFor } from '../../src/modules/emergency/registry/codes.ts';
import type { Protocol, ResourceStatus } from '../../src/modules/emergency/registry/index.ts';
import type { TestApp } from './app.ts';

/** 乐昌市, the county every test center serves unless told otherwise. */
export const LECHANG = '440281000000';

/** One row of a center's area tree. */
export interface AreaRow { code: string; name: string; level: string; parent: string | null }

/** A county, the root of a tree. */
export const countyArea = (code = LECHANG, name = '乐昌市'): AreaRow => ({ code, name, level: 'county', parent: null });
/** A town, under its county unless told (`null`: a town without a parent in the tree). */
export const townArea = (code: string, name: string, parent: string | null = `${code.slice(0, 6)}000000`): AreaRow => ({ code, name, level: 'town', parent });
/** A village, under its town unless told. */
export const villageArea = (code: string, name: string, parent: string | null = `${code.slice(0, 9)}000`): AreaRow => ({ code, name, level: 'village', parent });

/** Inserts these rows into the center's area tree. */
export async function insertAreas(t: TestApp, centerId: string, areas: AreaRow[]): Promise<void> {
  if (areas.length === 0) return;
  await t.db.db.insertInto('areas').values(areas.map((a) => ({ center_id: centerId, code: a.code, name: a.name, level: a.level, parent_code: a.parent }))).execute();
}

/**
 * A center that broadcasts: it serves `areaCode` (乐昌市), holds these areas, and has an
 * active platform key, so broadcasts can be approved (signed) at once. Returns its id.
 */
export async function ebCenter(t: TestApp, code: string, areas: AreaRow[], opts: { areaCode?: string; name?: string } = {}): Promise<string> {
  const centerId = await t.center(code);
  await t.db.db.updateTable('centers').set({ area_code: opts.areaCode ?? LECHANG, name: opts.name ?? '乐昌市融媒体中心' }).where('id', '=', centerId).execute();
  await insertAreas(t, centerId, areas);
  await ensurePlatformKey(t.db.db, t.config.dataDir, centerId);
  return centerId;
}

/** Re-exported so EB tests import their fixtures from one place; it lives with the app factories. */
export { signedIn } from './app.ts';

export interface TerminalSpec {
  /** The area (village) they stand in. */
  area: string;
  /** These EBRIDs, or the area's first `count` terminal EBRIDs. */
  ebrids?: string[];
  count?: number;
  protocol?: Protocol;
  status?: ResourceStatus;
  /** When the platform last heard them (default: now; null: never). */
  lastSeenAt?: string | null;
}

/** Registers terminals named 终端0, 终端1, … in one area; returns their ids and EBRIDs in that order. */
export async function registerTerminals(t: TestApp, centerId: string, spec: TerminalSpec): Promise<{ id: string; ebrid: string; area: string }[]> {
  const ebrids = spec.ebrids ?? Array.from({ length: spec.count ?? 1 }, (_, i) => ebridFor('terminal', parseAreaCode(spec.area), i));
  const now = new Date().toISOString();
  const rows = ebrids.map((ebrid, i) => ({
    id: randomUUID(), center_id: centerId, ebrid, physical_id: `IMEI-${ebrid}`, kind: 'terminal', name: `终端${i}`, area_code: spec.area, parent_id: null,
    protocol: spec.protocol ?? 'mqtt', address: null, longitude: null, latitude: null, status: spec.status ?? 'online', status_since: now,
    last_seen_at: spec.lastSeenAt === undefined ? now : spec.lastSeenAt, cert_serial: null, cert_public_key: null, created_at: now, updated_at: now,
  }));
  await t.db.db.insertInto('eb_resources').values(rows).execute();
  return rows.map((r) => ({ id: r.id, ebrid: r.ebrid, area: r.area_code }));
}
