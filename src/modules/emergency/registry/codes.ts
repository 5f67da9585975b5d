/**
 * The registry's rules on codes, pure and engine-free.
 *
 * Kind from the EBRID (GD/J 080, digest "Identifiers": type 4 digits, subtype 2):
 *
 * | type | subtype | kind |
 * |---|---|---|
 * | 0101 platform | 01 platform | `platform` |
 * | 0314 loudspeaker system | 01 system | `frontend` (town / village front-end) |
 * | 0314 | 02 adapter | `adapter` |
 * | 0314 | 04 terminal | `terminal`, or `loudspeaker` when it hangs under a terminal |
 *
 * GD/J 080 gives a loudspeaker no subtype of its own: a loudspeaker is an addressable
 * output of a receiving terminal and is coded like one (subtype 04); what tells them
 * apart is the parent. Transmitters (0314/03) and other types are not kept here. A
 * subtype sequence 00 means "all of that subtype", a group address, never one resource.
 *
 * The level digit must be the level of the area part (1 nation … 6 village), and the
 * area part must be the resource's area: a resource moved to another area gets a new code.
 */
import {
  areaContains, areaLevel, buildEbrid, RESOURCE_SUBTYPE, RESOURCE_TYPE,
  type AreaCode, type AreaLevel, type Ebrid, type EbridParts, type ResourceLevel,
} from '../ebm/ids.ts';
import type { ResourceKind } from './types.ts';

/** Type and subtype each kind is coded with. */
export const KIND_CODES: Record<ResourceKind, { type: string; subtype: string }> = {
  platform: { type: RESOURCE_TYPE.platform, subtype: RESOURCE_SUBTYPE.system },
  frontend: { type: RESOURCE_TYPE.loudspeakerSystem, subtype: RESOURCE_SUBTYPE.system },
  adapter: { type: RESOURCE_TYPE.loudspeakerSystem, subtype: RESOURCE_SUBTYPE.adapter },
  terminal: { type: RESOURCE_TYPE.loudspeakerSystem, subtype: RESOURCE_SUBTYPE.terminal },
  loudspeaker: { type: RESOURCE_TYPE.loudspeakerSystem, subtype: RESOURCE_SUBTYPE.terminal },
};

/** The kinds an EBRID may be; empty when the registry does not keep its type. */
export function kindsOf(parts: Pick<EbridParts, 'type' | 'subtype'>): ResourceKind[] {
  return (Object.keys(KIND_CODES) as ResourceKind[]).filter((k) => KIND_CODES[k].type === parts.type && KIND_CODES[k].subtype === parts.subtype);
}

/** Resource level digit of each area level (digest "Levels and parts"). */
export const LEVEL_OF_AREA: Record<AreaLevel, ResourceLevel> = { nation: 1, province: 2, city: 3, county: 4, town: 5, village: 6 };

const PREFIX_LENGTH: Record<AreaLevel, number> = { nation: 0, province: 2, city: 4, county: 6, town: 9, village: 12 };

/**
 * The digits every area inside `code` starts with: 440281 for Lechang county,
 * 440281102 for one of its towns, the whole code for a village.
 */
export function areaPrefix(code: AreaCode): string {
  return code.slice(0, PREFIX_LENGTH[areaLevel(code)]);
}

/** Which kinds may be the parent of each kind; `null` means "may have none". */
export const PARENT_KINDS: Record<ResourceKind, readonly (ResourceKind | null)[]> = {
  platform: [null],
  frontend: [null, 'platform', 'frontend'],
  adapter: [null, 'platform', 'frontend'],
  terminal: [null, 'frontend', 'adapter'],
  loudspeaker: ['terminal'],
};

/** Processing order of kinds: a parent's kind always comes before its child's. */
export const KIND_ORDER: Record<ResourceKind, number> = { platform: 0, frontend: 1, adapter: 2, terminal: 3, loudspeaker: 4 };

const an = (kind: string) => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);

/**
 * Why `parent` cannot hold `child`, or null when it can. A parent's area contains the
 * child's; a front-end under a front-end sits strictly higher (town over village), so
 * no chain of parents can loop.
 */
export function parentProblem(
  child: { kind: ResourceKind; area: AreaCode },
  parent: { kind: ResourceKind; area: AreaCode; ebrid: string } | null,
): string | null {
  const allowed = PARENT_KINDS[child.kind];
  const kinds = allowed.filter((k): k is ResourceKind => k !== null);
  if (!parent) return allowed.includes(null) ? null : `${an(child.kind)} must hang under ${kinds.map(an).join(' or ')}`;
  if (!allowed.includes(parent.kind)) {
    return kinds.length ? `${an(child.kind)} hangs under ${kinds.map(an).join(' or ')}, not ${an(parent.kind)} (${parent.ebrid})` : `${an(child.kind)} has no parent`;
  }
  if (!areaContains(parent.area, child.area)) return `the parent ${parent.ebrid} serves area ${parent.area}, which does not contain ${child.area}`;
  if (child.kind === 'frontend' && parent.kind === 'frontend' && parent.area === child.area) {
    return `a front-end under a front-end must sit in a higher area (town over village), but both are in ${child.area}`;
  }
  return null;
}

/**
 * The EBRID of the `index`-th (0-based) resource of a kind in an area: subtype
 * sequences 01–99 within type sequence 01, then 02, … (00 is the group address).
 */
export function ebridFor(kind: ResourceKind, area: AreaCode, index: number): Ebrid {
  const { type, subtype } = KIND_CODES[kind];
  return buildEbrid({ level: LEVEL_OF_AREA[areaLevel(area)], area, type, typeSeq: 1 + Math.floor(index / 99), subtype, subtypeSeq: 1 + (index % 99) });
}
