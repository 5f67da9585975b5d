/**
 * A plausible registry for the Lechang demo, generated from the center's area tree:
 * the county platform (44402810000000101010101), one front-end per town, one adapter
 * per village-level area, and 1,582 receiving terminals with 2,780 loudspeakers spread
 * over the villages. Everything is derived from the area codes (no randomness), so a
 * second run finds every row in place and adds nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../../platform/db/index.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { emit } from '../../../platform/events/index.ts';
import { parseAreaCode, type AreaCode } from '../ebm/ids.ts';
import { ebridFor } from './codes.ts';
import * as repo from './repository.ts';
import { inTransaction } from './status.ts';
import type { EbResourcesTable, Protocol, ResourceKind, ResourceStatus } from './types.ts';

/** Choices of the demo seed; the defaults give Lechang's numbers. */
export interface SeedOptions {
  /** The county area the platform serves; default: the center's county-level area. */
  countyCode?: string;
  /** Receiving terminals in all (Lechang: 1,582). */
  terminals?: number;
  /** Loudspeakers in all, hung on the terminals (Lechang: 2,780). */
  loudspeakers?: number;
  /** The time the generated statuses are relative to (default: now). */
  now?: Date;
  actor?: { id: string; name: string };
}

/** What the seed did. */
export interface SeedResult {
  created: number;
  existing: number;
  /** Rows left out because their physical id belongs to another resource already. */
  skipped: number;
}

/** FNV-1a: a small, stable hash that spreads the generated values. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Splits `total` over `weights` in whole numbers (largest remainder), every share ≥ 1 when possible. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = total - shares.reduce((a, b) => a + b, 0); k < left; k++) shares[order[k % order.length]![1]]! += 1;
  return shares;
}

const pid = (prefix: string, n: number) => `LC-${prefix}-${String(n).padStart(6, '0')}`;
const short = (name: string) => name.replace(/(村民委员会|居民委员会|村委会|居委会|办事处)$/, '');
const near = (base: number, spread: number, key: string) => Math.round((base + ((hash(key) % 2001) / 1000 - 1) * spread) * 1e6) / 1e6;

interface Draft extends Omit<EbResourcesTable, 'id' | 'center_id' | 'parent_id' | 'cert_serial' | 'cert_public_key' | 'created_at' | 'updated_at'> {
  parentEbrid: string | null;
}

/** Status of a generated terminal: 85 % online, 2 % fault, 13 % offline (digest: plan for 10–15 % offline). */
function terminalStatus(key: string, now: Date): Pick<Draft, 'status' | 'status_since' | 'last_seen_at'> {
  const h = hash(`status:${key}`);
  const status: ResourceStatus = h % 100 < 85 ? 'online' : h % 100 < 87 ? 'fault' : 'offline';
  const since = new Date(now.getTime() - (h % (72 * 3600)) * 1000).toISOString();
  const seen = status === 'offline' ? since : new Date(now.getTime() - (h % 120) * 1000).toISOString();
  return { status, status_since: since, last_seen_at: seen };
}

function drafts(county: AreaCode, towns: { code: string; name: string }[], villagesOf: Map<string, { code: string; name: string }[]>, o: Required<Pick<SeedOptions, 'terminals' | 'loudspeakers'>> & { now: Date }): Draft[] {
  const up = { status: 'online' as ResourceStatus, status_since: o.now.toISOString(), last_seen_at: o.now.toISOString() };
  const platform = ebridFor('platform', county, 0);
  const out: Draft[] = [{ ebrid: platform, physical_id: pid('P', 1), kind: 'platform', name: '乐昌市应急广播平台', area_code: county, parentEbrid: null, protocol: null, address: null, longitude: 113.352, latitude: 25.128, ...up }];
  const villages = towns.flatMap((t, ti) => (villagesOf.get(t.code) ?? []).map((v, vi) => ({ ...v, town: t, ti, vi })));
  const perVillage = apportion(o.terminals, villages.map((v) => 3 + (hash(v.code) % 9)));
  const extra = o.loudspeakers - o.terminals * Math.floor(o.loudspeakers / o.terminals);
  let [adapters, terminals, speakers] = [0, 0, 0];
  towns.forEach((t, ti) => {
    const [lon, lat] = [near(113.35, 0.3, `lon:${t.code}`), near(25.2, 0.25, `lat:${t.code}`)];
    out.push({ ebrid: ebridFor('frontend', parseAreaCode(t.code), 0), physical_id: pid('F', ti + 1), kind: 'frontend', name: `${short(t.name)}应急广播前端`, area_code: t.code, parentEbrid: platform, protocol: 'ip', address: `10.${ti + 1}.0.1:8000`, longitude: lon, latitude: lat, ...up });
  });
  villages.forEach((v, i) => {
    const area = parseAreaCode(v.code);
    const protocol: Protocol = v.ti % 2 === 0 ? 'ip' : 'mqtt';
    const town = out.find((d) => d.kind === 'frontend' && d.area_code === v.town.code)!;
    const [lon, lat] = [near(town.longitude!, 0.05, `lon:${v.code}`), near(town.latitude!, 0.05, `lat:${v.code}`)];
    const adapter = ebridFor('adapter', area, 0);
    const a = pid('A', ++adapters);
    out.push({ ebrid: adapter, physical_id: a, kind: 'adapter', name: `${short(v.name)}适配器`, area_code: v.code, parentEbrid: town.ebrid, protocol, address: protocol === 'ip' ? `10.${v.ti + 1}.${v.vi + 1}.1:9000` : a.toLowerCase(), longitude: lon, latitude: lat, ...up });
    let seq = perVillage[i]!;
    for (let k = 0; k < perVillage[i]!; k++) {
      const n = ++terminals;
      const t = pid('T', n);
      const st = terminalStatus(t, o.now);
      const term: Draft = { ebrid: ebridFor('terminal', area, k), physical_id: t, kind: 'terminal', name: `${short(v.name)}${k + 1}号终端`, area_code: v.code, parentEbrid: adapter, protocol, address: protocol === 'ip' ? `10.${v.ti + 1}.${v.vi + 1}.${k + 10}:6000` : t.toLowerCase(), longitude: near(lon, 0.005, `lon:${t}`), latitude: near(lat, 0.005, `lat:${t}`), ...st };
      out.push(term);
      // Bresenham: the extra loudspeakers fall evenly over the terminals.
      const count = Math.floor(o.loudspeakers / o.terminals) + Math.floor((n * extra) / o.terminals) - Math.floor(((n - 1) * extra) / o.terminals);
      for (let j = 0; j < count; j++) {
        const s = pid('L', ++speakers);
        out.push({ ebrid: ebridFor('loudspeaker', area, seq++), physical_id: s, kind: 'loudspeaker', name: `${term.name}${j + 1}号喇叭`, area_code: v.code, parentEbrid: term.ebrid, protocol: null, address: null, longitude: near(term.longitude!, 0.0005, `lon:${s}`), latitude: near(term.latitude!, 0.0005, `lat:${s}`), status: st.status, status_since: st.status_since, last_seen_at: st.last_seen_at });
      }
    }
  });
  return out;
}

/**
 * Generates the demo registry of `centerId` from its `areas` (see the module comment).
 * Idempotent: rows whose EBRID exists are left as they are. Audited once when it adds rows.
 */
export async function seedLechangResources(exec: Executor, centerId: string, opts: SeedOptions = {}): Promise<SeedResult> {
  const o = { terminals: opts.terminals ?? 1582, loudspeakers: opts.loudspeakers ?? 2780, now: opts.now ?? new Date() };
  if (o.terminals < 1 || o.loudspeakers < 0) throw new Error('seedLechangResources: at least one terminal, and no negative loudspeakers');
  return inTransaction(exec, async (tx) => {
    const areas = await repo.allAreas(tx, centerId);
    const countyCode = opts.countyCode ?? areas.find((a) => a.level === 'county')?.code;
    if (!countyCode || !areas.some((a) => a.code === countyCode)) throw new Error(`seedLechangResources: center ${centerId} has no county area ${countyCode ?? ''}: load the area tree first`);
    const towns = areas.filter((a) => a.level === 'town' && a.parent_code === countyCode);
    const villagesOf = new Map(towns.map((t) => [t.code, areas.filter((a) => a.level === 'village' && a.parent_code === t.code)]));
    const all = drafts(parseAreaCode(countyCode), towns, villagesOf, o);
    const known = await repo.knownResources(tx, centerId);
    const ids = new Map(known.map((k) => [k.ebrid, k.id]));
    const devices = new Set(known.map((k) => k.physicalId));
    const now = new Date().toISOString();
    const rows: EbResourcesTable[] = [];
    let skipped = 0;
    for (const { parentEbrid, ...d } of all) {
      if (ids.has(d.ebrid)) continue;
      // A taken device, or a parent left out for that reason: leave the row (and its children) out.
      if (devices.has(d.physical_id) || (parentEbrid && !ids.has(parentEbrid))) {
        skipped++;
        continue;
      }
      const id = randomUUID();
      ids.set(d.ebrid, id);
      const parent = parentEbrid ? ids.get(parentEbrid) ?? null : null;
      rows.push({ id, center_id: centerId, ...d, kind: d.kind as ResourceKind, parent_id: parent, cert_serial: null, cert_public_key: null, created_at: now, updated_at: now });
    }
    if (rows.length) {
      await repo.insertResources(tx, rows);
      const detail = { created: rows.length, skipped, terminals: rows.filter((r) => r.kind === 'terminal').length, loudspeakers: rows.filter((r) => r.kind === 'loudspeaker').length };
      await recordAudit(tx, { centerId, actor: opts.actor ?? { id: 'system', name: 'demo' }, action: 'eb.registry.seed', subjectType: 'eb_resource', detail });
      await emit(tx, { centerId, type: 'eb.resources.imported', payload: { rows: all.length, created: rows.length, updated: 0, unchanged: all.length - rows.length - skipped, source: 'demo' } });
    }
    return { created: rows.length, existing: all.length - rows.length - skipped, skipped };
  });
}
