/**
 * Identifiers of the emergency broadcast system (digest "Identifiers"; GD/J 080 for
 * resource codes, GD/J 082 for packet and message ids, GB/T 2260 + GB/T 10114 for
 * area codes). Every id is a fixed-length digit string: parsers check the shape and
 * the parts, builders zero-pad, and both throw an {@link IdentifierError} that says
 * which id and which part is wrong.
 */

declare const brand: unique symbol;
type Branded<T, B extends string> = T & { readonly [brand]: B };

/** 12-digit area code: county 6 (GB/T 2260) + town 3 + village 3 (GB/T 10114). */
export type AreaCode = Branded<string, 'AreaCode'>;
/** 23-digit resource code (EBRID, GD/J 080). */
export type Ebrid = Branded<string, 'Ebrid'>;
/** 41-digit packet id (EBDID): type 2 + sender EBRID 23 + sequence 16. */
export type Ebdid = Branded<string, 'Ebdid'>;
/** 35-digit broadcast message id (EBMID): platform EBRID 23 + YYYYMMDD + seq 4. */
export type Ebmid = Branded<string, 'Ebmid'>;

/** A malformed identifier; `kind` names the id and `message` the part at fault. */
export class IdentifierError extends Error {
  constructor(
    readonly kind: 'AreaCode' | 'EBRID' | 'EBDID' | 'EBMID',
    message: string,
  ) {
    super(`${kind}: ${message}`);
    this.name = 'IdentifierError';
  }
}

function digits(kind: IdentifierError['kind'], value: unknown, length: number): string {
  if (typeof value !== 'string') throw new IdentifierError(kind, `expected a string of ${length} digits, got ${typeof value}`);
  if (value.length !== length) throw new IdentifierError(kind, `expected ${length} digits, got ${value.length} characters in "${value}"`);
  const bad = /\D/.exec(value);
  if (bad) throw new IdentifierError(kind, `"${value}" has a non-digit "${bad[0]}" at position ${bad.index + 1}`);
  return value;
}

function pad(kind: IdentifierError['kind'], part: string, value: number | bigint, width: number): string {
  const big = BigInt(value);
  if (big < 0n || big >= 10n ** BigInt(width)) throw new IdentifierError(kind, `${part} ${value} does not fit in ${width} digits`);
  return big.toString().padStart(width, '0');
}

// ---------------------------------------------------------------- area codes

/** Administrative level of an area code, read from its lowest non-zero segment. */
export type AreaLevel = 'nation' | 'province' | 'city' | 'county' | 'town' | 'village';

/** Parses a 12-digit area code. A village part needs a town part (GB/T 10114). */
export function parseAreaCode(value: unknown): AreaCode {
  const s = digits('AreaCode', value, 12);
  if (s.slice(9) !== '000' && s.slice(6, 9) === '000') {
    throw new IdentifierError('AreaCode', `"${s}" has a village part (${s.slice(9)}) but no town part`);
  }
  if (s !== '000000000000' && s.slice(0, 2) === '00') {
    throw new IdentifierError('AreaCode', `"${s}" has no province part (first two digits are 00)`);
  }
  return s as AreaCode;
}

/** True when `value` is a well-formed area code. */
export function isAreaCode(value: unknown): value is AreaCode {
  return tryParse(() => parseAreaCode(value));
}

/** The level of an area code: 440281000000 is a county, 440281102000 a town. */
export function areaLevel(code: AreaCode): AreaLevel {
  if (code.slice(9) !== '000') return 'village';
  if (code.slice(6, 9) !== '000') return 'town';
  if (code.slice(4, 6) !== '00') return 'county';
  if (code.slice(2, 4) !== '00') return 'city';
  if (code.slice(0, 2) !== '00') return 'province';
  return 'nation';
}

/**
 * The enclosing area: the code with its lowest non-zero segment zeroed, or null for
 * the nation. Towns of cities without counties (Dongguan 441900) get the city, which
 * is right; province-administered county-level cities get a pseudo-city (4290).
 */
export function parentArea(code: AreaCode): AreaCode | null {
  const level = areaLevel(code);
  const keep = { nation: -1, province: 0, city: 2, county: 4, town: 6, village: 9 }[level];
  if (keep < 0) return null;
  return code.slice(0, keep).padEnd(12, '0') as AreaCode;
}

/** True when `inner` lies in `outer` (or is it): a village lies in its town and county. */
export function areaContains(outer: AreaCode, inner: AreaCode): boolean {
  for (let a: AreaCode | null = inner; a; a = parentArea(a)) if (a === outer) return true;
  return false;
}

// ------------------------------------------------------ resource codes (EBRID)

/** Resource levels (digest "Levels and parts"): 1 nation … 6 village. */
export type ResourceLevel = 1 | 2 | 3 | 4 | 5 | 6;

/** Resource types named in the digest; other 4-digit types parse too. */
export const RESOURCE_TYPE = { platform: '0101', loudspeakerSystem: '0314' } as const;
/** Subtypes: 01 platform/system, 02 adapter, 03 transmitter, 04 terminal. */
export const RESOURCE_SUBTYPE = { system: '01', adapter: '02', transmitter: '03', terminal: '04' } as const;

/** The parts of an EBRID. `subtypeSeq` 00 means "all of that subtype". */
export interface EbridParts {
  level: ResourceLevel;
  area: AreaCode;
  /** 4 digits, e.g. 0101 platform, 0314 loudspeaker system. */
  type: string;
  /** 2 digits, sequence of this resource type in the area. */
  typeSeq: string;
  /** 2 digits, see {@link RESOURCE_SUBTYPE}. */
  subtype: string;
  /** 2 digits; 00 = all of that subtype. */
  subtypeSeq: string;
}

/** Parses and decodes a 23-digit EBRID; 44402810000000101010101 is Lechang's platform. */
export function decodeEbrid(value: unknown): EbridParts {
  const s = digits('EBRID', value, 23);
  const level = Number(s[0]);
  if (level < 1 || level > 6) throw new IdentifierError('EBRID', `level digit ${s[0]} in "${s}" is not 1–6`);
  let area: AreaCode;
  try {
    area = parseAreaCode(s.slice(1, 13));
  } catch (e) {
    throw new IdentifierError('EBRID', `area part of "${s}" is wrong: ${(e as Error).message}`);
  }
  return {
    level: level as ResourceLevel,
    area,
    type: s.slice(13, 17),
    typeSeq: s.slice(17, 19),
    subtype: s.slice(19, 21),
    subtypeSeq: s.slice(21, 23),
  };
}

/** Parses a 23-digit EBRID. */
export function parseEbrid(value: unknown): Ebrid {
  decodeEbrid(value);
  return value as Ebrid;
}

/** True when `value` is a well-formed EBRID. */
export function isEbrid(value: unknown): value is Ebrid {
  return tryParse(() => parseEbrid(value));
}

/** Builds an EBRID from its parts; numeric parts are zero-padded. */
export function buildEbrid(parts: {
  level: ResourceLevel;
  area: AreaCode | string;
  type: string;
  typeSeq: number | string;
  subtype: string;
  subtypeSeq: number | string;
}): Ebrid {
  const fixed = (name: string, v: string, width: number): string => {
    if (!new RegExp(`^\\d{${width}}$`).test(v)) throw new IdentifierError('EBRID', `${name} "${v}" must be ${width} digits`);
    return v;
  };
  const seq = (name: string, v: number | string): string =>
    typeof v === 'number' ? pad('EBRID', name, v, 2) : fixed(name, v, 2);
  return parseEbrid(
    `${parts.level}${parseAreaCode(parts.area)}${fixed('type', parts.type, 4)}${seq('typeSeq', parts.typeSeq)}` +
      `${fixed('subtype', parts.subtype, 2)}${seq('subtypeSeq', parts.subtypeSeq)}`,
  );
}

// ------------------------------------------------------- packet ids (EBDID)

/** EBDID type digits: 01 heartbeat (ConnectionCheck), 10 every other packet. */
export const EBDID_TYPE = { heartbeat: '01', other: '10' } as const;
/** The kind of packet an EBDID announces. */
export type EbdidKind = keyof typeof EBDID_TYPE;

/** The parts of an EBDID. The sequence is 16 digits: beyond 2^53, hence a bigint. */
export interface EbdidParts {
  kind: EbdidKind;
  sender: Ebrid;
  sequence: bigint;
}

/** Parses and decodes a 41-digit EBDID. */
export function decodeEbdid(value: unknown): EbdidParts {
  const s = digits('EBDID', value, 41);
  const kind = (Object.keys(EBDID_TYPE) as EbdidKind[]).find((k) => EBDID_TYPE[k] === s.slice(0, 2));
  if (!kind) throw new IdentifierError('EBDID', `type "${s.slice(0, 2)}" in "${s}" is neither 01 (heartbeat) nor 10 (other)`);
  let sender: Ebrid;
  try {
    sender = parseEbrid(s.slice(2, 25));
  } catch (e) {
    throw new IdentifierError('EBDID', `sender part of "${s}" is wrong: ${(e as Error).message}`);
  }
  return { kind, sender, sequence: BigInt(s.slice(25)) };
}

/** Parses a 41-digit EBDID. */
export function parseEbdid(value: unknown): Ebdid {
  decodeEbdid(value);
  return value as Ebdid;
}

/** True when `value` is a well-formed EBDID. */
export function isEbdid(value: unknown): value is Ebdid {
  return tryParse(() => parseEbdid(value));
}

/** Builds an EBDID. The sequence must increase per sender (digest: anti-replay). */
export function buildEbdid(parts: { kind: EbdidKind; sender: Ebrid | string; sequence: bigint | number }): Ebdid {
  if (typeof parts.sequence === 'number' && !Number.isSafeInteger(parts.sequence)) {
    throw new IdentifierError('EBDID', `sequence ${parts.sequence} is not a safe integer: pass a bigint`);
  }
  return parseEbdid(`${EBDID_TYPE[parts.kind]}${parseEbrid(parts.sender)}${pad('EBDID', 'sequence', parts.sequence, 16)}`);
}

// ---------------------------------------------------- message ids (EBMID)

/** The parts of an EBMID. `mandatory` is false only for seq 0000 (optional to play). */
export interface EbmidParts {
  platform: Ebrid;
  /** YYYYMMDD, the Beijing date the platform issued it. */
  date: string;
  seq: number;
  mandatory: boolean;
}

/** Parses and decodes a 35-digit EBMID. */
export function decodeEbmid(value: unknown): EbmidParts {
  const s = digits('EBMID', value, 35);
  let platform: Ebrid;
  try {
    platform = parseEbrid(s.slice(0, 23));
  } catch (e) {
    throw new IdentifierError('EBMID', `platform part of "${s}" is wrong: ${(e as Error).message}`);
  }
  const date = s.slice(23, 31);
  if (!isCalendarDate(date)) throw new IdentifierError('EBMID', `date part "${date}" of "${s}" is not a calendar date YYYYMMDD`);
  const seq = Number(s.slice(31));
  return { platform, date, seq, mandatory: seq !== 0 };
}

/** Parses a 35-digit EBMID. */
export function parseEbmid(value: unknown): Ebmid {
  decodeEbmid(value);
  return value as Ebmid;
}

/** True when `value` is a well-formed EBMID. */
export function isEbmid(value: unknown): value is Ebmid {
  return tryParse(() => parseEbmid(value));
}

/**
 * Builds an EBMID. `date` is YYYYMMDD or a Date (its Beijing calendar day); seq 0 makes
 * the message optional to play, 1–9999 mandatory (digest "Identifiers").
 */
export function buildEbmid(parts: { platform: Ebrid | string; date: string | Date; seq: number }): Ebmid {
  if (!Number.isInteger(parts.seq)) throw new IdentifierError('EBMID', `seq ${parts.seq} is not an integer 0–9999`);
  const date = typeof parts.date === 'string' ? parts.date : beijingDateStamp(parts.date);
  if (!isCalendarDate(date)) throw new IdentifierError('EBMID', `date "${date}" is not a calendar date YYYYMMDD`);
  return parseEbmid(`${parseEbrid(parts.platform)}${date}${pad('EBMID', 'seq', parts.seq, 4)}`);
}

/** YYYYMMDD of the Beijing (UTC+8, no DST) calendar day of `d`, whatever the process TZ. */
export function beijingDateStamp(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new IdentifierError('EBMID', 'date is an invalid Date');
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

function isCalendarDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6)].map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 1970 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function tryParse(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}
