/**
 * The one set of checks a resource passes before it is stored, shared by the API
 * (create, update) and the CSV import. Checks run against a {@link World}: what the
 * center holds (areas, resources), as loaded by the caller, so they are synchronous
 * and list every problem instead of stopping at the first.
 */
import { areaLevel, decodeEbrid, IdentifierError, parseAreaCode, type AreaCode, type EbridParts } from '../ebm/ids.ts';
import type { ErrorCode } from '../../../platform/errors.ts';
import { kindsOf, LEVEL_OF_AREA, parentProblem } from './codes.ts';
import type { RegistryErrorCode } from './errors.ts';
import { PROTOCOLS, RESOURCE_KINDS, type Protocol, type ResourceKind } from './types.ts';

/** A resource as the checks see it. */
export interface KnownResource {
  id: string;
  ebrid: string;
  physicalId: string;
  kind: ResourceKind;
  area: AreaCode;
}

/** What the center holds, as far as the checks need to know. */
export interface World {
  areaExists(code: string): boolean;
  /** Resources with this EBRID (more than one only while an import is checked). */
  withEbrid(ebrid: string): KnownResource[];
  /** Resources with this physical id (likewise). */
  withPhysicalId(physicalId: string): KnownResource[];
  childrenOf(id: string): KnownResource[];
}

/** A resource as a client sends it; `kind` may be left out (it follows from the EBRID). */
export interface ResourceInput {
  ebrid: string;
  physicalId: string;
  kind: ResourceKind | null;
  name: string;
  areaCode: string;
  protocol: Protocol | null;
  address: string | null;
  longitude: number | null;
  latitude: number | null;
}

/** The fields problems are reported on; callers map `parent` to their own name. */
export type InputField = keyof ResourceInput | 'parent';

/** One problem: the field at fault, the error code it answers with, what to do. */
export interface Problem {
  field: InputField;
  code: RegistryErrorCode | ErrorCode;
  message: string;
}

/** The parent as the caller resolved it: none, a resource, or a reference to nothing. */
export type ParentRef = null | KnownResource | { missing: string };

/** The outcome of the checks. */
export interface Checked {
  problems: Problem[];
  /** The kind the resource gets (given, or derived from the EBRID and the parent). */
  kind: ResourceKind | null;
}

const PHYSICAL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const CONTROL = /\p{Cc}/u;
const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*):(\d{1,5})$/;
const MQTT_CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Shape checks that need no database. */
function shapeProblems(i: ResourceInput): Problem[] {
  const p: Problem[] = [];
  const bad = (field: InputField, message: string) => p.push({ field, code: 'VALIDATION_FAILED', message });
  if (!i.name.trim() || i.name.length > 100 || CONTROL.test(i.name)) bad('name', 'name must be 1–100 characters without control characters.');
  if (!PHYSICAL_ID.test(i.physicalId)) bad('physicalId', `physical id "${i.physicalId}" must be 1–64 letters, digits and . _ : - (the device's fixed serial, IMEI or MAC).`);
  if (i.kind !== null && !RESOURCE_KINDS.includes(i.kind)) bad('kind', `kind must be one of ${RESOURCE_KINDS.join(', ')}.`);
  if (i.protocol !== null && !PROTOCOLS.includes(i.protocol)) bad('protocol', 'protocol must be ip, mqtt or empty.');
  if (i.address !== null) {
    const port = HOST_PORT.exec(i.address)?.[1];
    if (i.protocol === null) bad('protocol', 'give the protocol (ip or mqtt) the address belongs to.');
    else if (i.protocol === 'ip' && !(port && Number(port) >= 1 && Number(port) <= 65535)) bad('address', `address "${i.address}" must be host:port (port 1–65535) for protocol ip.`);
    else if (i.protocol === 'mqtt' && !MQTT_CLIENT_ID.test(i.address)) bad('address', `address "${i.address}" must be an MQTT client id: 1–128 letters, digits and . _ : -.`);
  }
  if ((i.longitude === null) !== (i.latitude === null)) bad(i.longitude === null ? 'longitude' : 'latitude', 'give both longitude and latitude, or neither.');
  if (i.longitude !== null && !(Number.isFinite(i.longitude) && i.longitude >= -180 && i.longitude <= 180)) bad('longitude', 'longitude must be a number from -180 to 180.');
  if (i.latitude !== null && !(Number.isFinite(i.latitude) && i.latitude >= -90 && i.latitude <= 90)) bad('latitude', 'latitude must be a number from -90 to 90.');
  return p;
}

function decode(ebrid: string, p: Problem[]): EbridParts | null {
  try {
    const parts = decodeEbrid(ebrid);
    if (!kindsOf(parts).length) {
      p.push({ field: 'ebrid', code: 'EB_EBRID_INVALID', message: `EBRID ${ebrid} has type ${parts.type} subtype ${parts.subtype}; the registry keeps 0101/01 platforms and 0314/01, 02, 04 front-ends, adapters, terminals and loudspeakers.` });
      return null;
    }
    if (parts.typeSeq === '00' || parts.subtypeSeq === '00') {
      p.push({ field: 'ebrid', code: 'EB_EBRID_INVALID', message: `EBRID ${ebrid} has sequence 00, which means "all of that subtype": give one resource a sequence 01–99.` });
      return null;
    }
    return parts;
  } catch (err) {
    if (!(err instanceof IdentifierError)) throw err;
    p.push({ field: 'ebrid', code: 'EB_EBRID_INVALID', message: err.message });
    return null;
  }
}

function area(code: string, world: World, p: Problem[]): AreaCode | null {
  try {
    const a = parseAreaCode(code);
    if (world.areaExists(a)) return a;
    p.push({ field: 'areaCode', code: 'AREA_NOT_FOUND', message: `area ${code} is not in this center's area tree.` });
  } catch (err) {
    if (!(err instanceof IdentifierError)) throw err;
    p.push({ field: 'areaCode', code: 'VALIDATION_FAILED', message: err.message });
  }
  return null;
}

function resolveKind(i: ResourceInput, parts: EbridParts, parent: ParentRef, p: Problem[]): ResourceKind | null {
  const kinds = kindsOf(parts);
  if (i.kind !== null) {
    if (kinds.includes(i.kind)) return i.kind;
    p.push({ field: 'kind', code: 'EB_KIND_MISMATCH', message: `EBRID ${i.ebrid} (type ${parts.type}, subtype ${parts.subtype}) codes a ${kinds.join(' or ')}, not a ${i.kind}.` });
    return null;
  }
  if (kinds.length === 1) return kinds[0]!;
  // Subtype 04: a loudspeaker when it hangs under a terminal (see codes.ts).
  return parent && 'kind' in parent && parent.kind === 'terminal' ? 'loudspeaker' : 'terminal';
}

/**
 * Every problem of `input` in `world`. `before` is the stored resource when updating
 * (its own code and physical id are not conflicts; its children must still fit).
 */
export function checkResource(input: ResourceInput, parent: ParentRef, world: World, before: KnownResource | null = null): Checked {
  const p = shapeProblems(input);
  const parts = decode(input.ebrid, p);
  const a = area(input.areaCode, world, p);
  if (parts && a) {
    if (parts.area !== a) {
      p.push({ field: 'ebrid', code: 'EB_EBRID_AREA_MISMATCH', message: `EBRID ${input.ebrid} encodes area ${parts.area} but the resource is in ${a}: give it an EBRID of ${a}.` });
    } else if (parts.level !== LEVEL_OF_AREA[areaLevel(a)]) {
      p.push({ field: 'ebrid', code: 'EB_EBRID_AREA_MISMATCH', message: `EBRID ${input.ebrid} has level ${parts.level}, but ${a} is a ${areaLevel(a)} (level ${LEVEL_OF_AREA[areaLevel(a)]}).` });
    }
  }
  const kind = parts ? resolveKind(input, parts, parent, p) : null;
  const sameCode = world.withEbrid(input.ebrid).find((r) => r.id !== before?.id);
  if (sameCode) p.push({ field: 'ebrid', code: 'EB_EBRID_TAKEN', message: `EBRID ${input.ebrid} belongs to another resource (physical id ${sameCode.physicalId}).` });
  const sameDevice = world.withPhysicalId(input.physicalId).find((r) => r.id !== before?.id);
  if (sameDevice) p.push({ field: 'physicalId', code: 'EB_PHYSICAL_ID_TAKEN', message: `physical id ${input.physicalId} is registered already, as ${sameDevice.ebrid}.` });
  if (parent && 'missing' in parent) {
    p.push({ field: 'parent', code: 'EB_RESOURCE_NOT_FOUND', message: `parent ${parent.missing} is not a resource of this center.` });
  } else if (kind && a) {
    const why = parent && before && parent.id === before.id ? 'a resource cannot hang under itself' : parentProblem({ kind, area: a }, parent);
    if (why) p.push({ field: 'parent', code: 'EB_PARENT_INVALID', message: `${why}.` });
  }
  if (before && kind && a) {
    const self = { kind, area: a, ebrid: input.ebrid };
    for (const child of world.childrenOf(before.id)) {
      const why = parentProblem(child, self);
      if (why) p.push({ field: a !== before.area ? 'areaCode' : 'ebrid', code: 'EB_RESOURCE_HAS_CHILDREN', message: `${child.kind} ${child.ebrid} hangs under this resource and would no longer fit: ${why}. Move it first.` });
    }
  }
  return { problems: p, kind };
}

/** A World over maps (the import loads the whole center; the API a few rows). */
export class MapWorld implements World {
  private readonly byId = new Map<string, { r: KnownResource; parentId: string | null }>();
  private readonly ebrids = new Map<string, Map<string, KnownResource>>();
  private readonly physical = new Map<string, Map<string, KnownResource>>();
  private readonly children = new Map<string, Set<string>>();

  constructor(private readonly areas: ReadonlySet<string>, resources: Iterable<KnownResource & { parentId: string | null }>) {
    for (const r of resources) this.put(r, r.parentId);
  }

  /** Adds a resource, or replaces the one with its id (its old code, device and parent are let go). */
  put(r: KnownResource, parentId: string | null): void {
    const old = this.byId.get(r.id);
    if (old) {
      this.ebrids.get(old.r.ebrid)?.delete(r.id);
      this.physical.get(old.r.physicalId)?.delete(r.id);
      if (old.parentId) this.children.get(old.parentId)?.delete(r.id);
    }
    this.byId.set(r.id, { r, parentId });
    index(this.ebrids, r.ebrid).set(r.id, r);
    index(this.physical, r.physicalId).set(r.id, r);
    if (parentId) (this.children.get(parentId) ?? this.children.set(parentId, new Set()).get(parentId)!).add(r.id);
  }

  /** The resource with this id, if loaded. */
  resource(id: string): KnownResource | undefined {
    return this.byId.get(id)?.r;
  }
  /** The parent id of a loaded resource. */
  parentOf(id: string): string | null {
    return this.byId.get(id)?.parentId ?? null;
  }
  areaExists(code: string): boolean {
    return this.areas.has(code);
  }
  withEbrid(ebrid: string): KnownResource[] {
    return [...(this.ebrids.get(ebrid)?.values() ?? [])];
  }
  withPhysicalId(physicalId: string): KnownResource[] {
    return [...(this.physical.get(physicalId)?.values() ?? [])];
  }
  childrenOf(id: string): KnownResource[] {
    return [...(this.children.get(id) ?? [])].map((c) => this.byId.get(c)!.r);
  }
}

function index(map: Map<string, Map<string, KnownResource>>, key: string): Map<string, KnownResource> {
  let m = map.get(key);
  if (!m) map.set(key, (m = new Map()));
  return m;
}
