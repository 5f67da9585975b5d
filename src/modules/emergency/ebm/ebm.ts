/**
 * The emergency broadcast message (EBM) of GD/J 082, as it sits inside an EBD of type
 * EBM (digest "The broadcast message (EBM), inside an EBD envelope"). Field names follow
 * the XML element names so a reader can hold the standard beside the code.
 */
import {
  type AreaCode, type Ebmid, type Ebrid, parseAreaCode, parseEbmid, parseEbrid,
} from './ids.ts';
import { DecodeProblem, type Reader } from './read.ts';
import { formatBeijingTime } from './time.ts';
import { el, XmlWriteError, type XmlElement } from './xml.ts';

/** MsgType: 1 real, 2 cancel, 3 platform drill, 4 front-end drill, 5 terminal drill. */
export const MSG_TYPE = { real: 1, cancel: 2, platformDrill: 3, frontEndDrill: 4, terminalDrill: 5 } as const;
/** One of {@link MSG_TYPE}. */
export type MsgType = (typeof MSG_TYPE)[keyof typeof MSG_TYPE];
const MSG_TYPES: readonly MsgType[] = [1, 2, 3, 4, 5];

/** Severity: 0 unknown, 1 red / level I, 2 orange / II, 3 yellow / III, 4 blue / IV. */
export const SEVERITY = { unknown: 0, red: 1, orange: 2, yellow: 3, blue: 4 } as const;
/** One of {@link SEVERITY}. */
export type Severity = (typeof SEVERITY)[keyof typeof SEVERITY];
const SEVERITIES: readonly Severity[] = [0, 1, 2, 3, 4];

/** AuxiliaryType values the digest names: 2 MP3, 61 stream, 41 PNG, 42 JPEG. Others pass through. */
export const AUXILIARY_TYPE = { mp3: 2, png: 41, jpeg: 42, stream: 61 } as const;

/** True for drills (MsgType 3, 4, 5): they must look and sound different (Hawaii 2018). */
export function isDrill(msgType: MsgType): boolean {
  return msgType >= 3;
}

/** MsgBasicInfo. Times are instants; the codec writes them as Beijing time. */
export interface MsgBasicInfo {
  msgType: MsgType;
  senderName: string;
  senderCode: string;
  sendTime: Date;
  /** GB/T 35561 five-digit event type, or a broadcast extension (50100, 60000…). */
  eventType: string;
  severity: Severity;
  startTime: Date;
  endTime: Date;
}

/** A media file or stream attached to a MsgContent. */
export interface Auxiliary {
  /** See {@link AUXILIARY_TYPE}. */
  auxiliaryType: number;
  /** File name inside the EBD TAR, or the stream URL for type 61. */
  auxiliaryDesc: string;
  /** Bytes; required when writing a file, absent for a stream. */
  size?: number;
  /** SM3 of the file, 64 hex digits, lower case; required when writing a file. */
  digest?: string;
}

/** One language version of the message. */
export interface MsgContent {
  /** ISO 639-2, `zho` for Chinese. */
  languageCode: string;
  msgTitle: string;
  /** Text for TTS and subtitles. */
  msgDesc: string;
  /** Target areas (written as a comma list of 12-digit codes). */
  areaCodes: AreaCode[];
  auxiliaries: Auxiliary[];
}

/** Which platform, station, adapter and broadcast system carry the message. */
export interface Dispatch {
  languageCode?: string;
  ebrps?: Ebrid;
  ebrst?: Ebrid;
  ebras?: Ebrid;
  ebrbs?: Ebrid;
}

/** The EBM. `related` names what a cancel or update refers to (RelatedInfo). */
export interface Ebm {
  ebmVersion: string;
  ebmid: Ebmid;
  related?: { ebmid?: Ebmid; ebiid?: string };
  basicInfo: MsgBasicInfo;
  contents: MsgContent[];
  dispatches: Dispatch[];
}

// ------------------------------------------------------------------ writing

/** Checks an EBM against the rules a strict writer enforces; throws XmlWriteError naming the field. */
export function validateEbm(ebm: Ebm, at = 'EBM'): void {
  const fail = (path: string, msg: string): never => {
    throw new XmlWriteError(`${at}/${path}`, msg);
  };
  const check = (path: string, f: () => unknown): void => {
    try {
      f();
    } catch (e) {
      fail(path, (e as Error).message);
    }
  };
  if (!ebm.ebmVersion.trim()) fail('EBMVersion', 'is empty');
  check('EBMID', () => parseEbmid(ebm.ebmid));
  const b = ebm.basicInfo;
  if (!MSG_TYPES.includes(b.msgType)) fail('MsgBasicInfo/MsgType', `${b.msgType} is not 1–5`);
  // Digest: "Cancel = a new EBM with MsgType 2 whose RelatedInfo names the original".
  if (b.msgType === MSG_TYPE.cancel && !ebm.related?.ebmid) fail('RelatedInfo/EBMID', 'a cancel (MsgType 2) must name the original EBMID');
  if (ebm.related?.ebmid !== undefined) check('RelatedInfo/EBMID', () => parseEbmid(ebm.related?.ebmid));
  if (ebm.related?.ebmid === ebm.ebmid) fail('RelatedInfo/EBMID', 'names the message itself');
  if (!b.senderName.trim()) fail('MsgBasicInfo/SenderName', 'is empty');
  if (!b.senderCode.trim()) fail('MsgBasicInfo/SenderCode', 'is empty');
  if (!/^\d{5}$/.test(b.eventType)) fail('MsgBasicInfo/EventType', `"${b.eventType}" is not a 5-digit GB/T 35561 code`);
  if (!SEVERITIES.includes(b.severity)) fail('MsgBasicInfo/Severity', `${b.severity} is not 0–4`);
  for (const [name, t] of [['SendTime', b.sendTime], ['StartTime', b.startTime], ['EndTime', b.endTime]] as const) {
    if (Number.isNaN(t.getTime())) fail(`MsgBasicInfo/${name}`, 'is an invalid Date');
  }
  if (b.endTime.getTime() <= b.startTime.getTime()) fail('MsgBasicInfo/EndTime', 'must be after StartTime');
  if (b.msgType !== MSG_TYPE.cancel && ebm.contents.length === 0) fail('MsgContent', 'a broadcast needs at least one MsgContent');
  ebm.contents.forEach((c, i) => {
    const p = `MsgContent[${i + 1}]`;
    if (!/^[a-z]{3}$/.test(c.languageCode)) fail(`${p}/LanguageCode`, `"${c.languageCode}" is not an ISO 639-2 code such as zho`);
    if (!c.msgTitle.trim()) fail(`${p}/MsgTitle`, 'is empty');
    if (!c.msgDesc.trim()) fail(`${p}/MsgDesc`, 'is empty');
    if (c.areaCodes.length === 0) fail(`${p}/AreaCode`, 'names no area');
    c.areaCodes.forEach((a) => check(`${p}/AreaCode`, () => parseAreaCode(a)));
    c.auxiliaries.forEach((x, j) => validateAuxiliary(x, `${p}/Auxiliary[${j + 1}]`, fail));
  });
  ebm.dispatches.forEach((d, i) => {
    for (const key of ['ebrps', 'ebrst', 'ebras', 'ebrbs'] as const) {
      if (d[key] !== undefined) check(`Dispatch[${i + 1}]/${key.toUpperCase()}/EBRID`, () => parseEbrid(d[key]));
    }
  });
}

function validateAuxiliary(x: Auxiliary, p: string, fail: (path: string, msg: string) => never): void {
  if (!Number.isInteger(x.auxiliaryType) || x.auxiliaryType < 1 || x.auxiliaryType > 255) fail(`${p}/AuxiliaryType`, `${x.auxiliaryType} is not a type code`);
  if (!x.auxiliaryDesc.trim()) fail(`${p}/AuxiliaryDesc`, 'is empty');
  if (x.size !== undefined && (!Number.isSafeInteger(x.size) || x.size < 0)) fail(`${p}/Size`, `${x.size} is not a byte count`);
  if (x.digest !== undefined && !/^[0-9a-f]{64}$/.test(x.digest)) fail(`${p}/Digest`, 'must be 64 lower-case hex digits (SM3)');
  // A file is verified against its size and SM3 digest before it is played (GD/J 081); a stream cannot be.
  if (x.auxiliaryType !== AUXILIARY_TYPE.stream) {
    if (x.size === undefined) fail(`${p}/Size`, 'is required for a file');
    if (x.digest === undefined) fail(`${p}/Digest`, 'is required for a file');
  }
}

/** The EBM element, in the element order of GD/J 082. Validates first. */
export function ebmElement(ebm: Ebm): XmlElement {
  validateEbm(ebm);
  const b = ebm.basicInfo;
  const related = ebm.related?.ebmid || ebm.related?.ebiid
    ? el('RelatedInfo', [ebm.related.ebmid !== undefined && el('EBMID', ebm.related.ebmid), ebm.related.ebiid !== undefined && el('EBIID', ebm.related.ebiid)])
    : undefined;
  return el('EBM', [
    el('EBMVersion', ebm.ebmVersion),
    el('EBMID', ebm.ebmid),
    related,
    el('MsgBasicInfo', [
      el('MsgType', b.msgType),
      el('SenderName', b.senderName),
      el('SenderCode', b.senderCode),
      el('SendTime', formatBeijingTime(b.sendTime)),
      el('EventType', b.eventType),
      el('Severity', b.severity),
      el('StartTime', formatBeijingTime(b.startTime)),
      el('EndTime', formatBeijingTime(b.endTime)),
    ]),
    ...ebm.contents.map((c) =>
      el('MsgContent', [
        el('LanguageCode', c.languageCode),
        el('MsgTitle', c.msgTitle),
        el('MsgDesc', c.msgDesc),
        el('AreaCode', c.areaCodes.join(',')),
        ...c.auxiliaries.map((x) =>
          el('Auxiliary', [
            el('AuxiliaryType', x.auxiliaryType),
            el('AuxiliaryDesc', x.auxiliaryDesc),
            x.size !== undefined && el('Size', x.size),
            x.digest !== undefined && el('Digest', x.digest),
          ]),
        ),
      ]),
    ),
    ...ebm.dispatches.map((d) =>
      el('Dispatch', [
        d.languageCode !== undefined && el('LanguageCode', d.languageCode),
        ...(['ebrps', 'ebrst', 'ebras', 'ebrbs'] as const).map((k) => d[k] !== undefined && el(k.toUpperCase(), [el('EBRID', d[k] as string)])),
      ]),
    ),
  ]);
}

// ------------------------------------------------------------------ reading

/** Reads an EBM element leniently; throws DecodeProblem (caught by the EBD codec). */
export function readEbm(r: Reader): Ebm {
  const ebmid = r.reqAs('EBMID', parseEbmid);
  const rel = r.node('RelatedInfo');
  const related = rel && { ebmid: rel.optAs('EBMID', parseEbmid), ebiid: rel.opt('EBIID') };
  const bi = r.reqNode('MsgBasicInfo');
  const basicInfo: MsgBasicInfo = {
    msgType: bi.reqInt('MsgType', MSG_TYPES),
    senderName: bi.req('SenderName'),
    senderCode: bi.req('SenderCode'),
    sendTime: bi.reqTime('SendTime', 'SentTime'), // "SentTime" seen in field systems
    eventType: bi.reqAs('EventType', (t) => {
      if (!/^\d{5}$/.test(t)) throw new Error('expected a 5-digit GB/T 35561 code');
      return t;
    }),
    severity: bi.reqInt('Severity', SEVERITIES),
    startTime: bi.reqTime('StartTime'),
    endTime: bi.reqTime('EndTime'),
  };
  if (basicInfo.msgType === MSG_TYPE.cancel && !related?.ebmid) {
    throw new DecodeProblem(3, `${r.path}/RelatedInfo/EBMID is missing: a cancel must name the original`);
  }
  return {
    ebmVersion: r.opt('EBMVersion') ?? '',
    ebmid,
    ...(related && (related.ebmid || related.ebiid) ? { related: dropUndefined(related) } : {}),
    basicInfo,
    contents: r.all('MsgContent').map(readContent),
    dispatches: r.all('Dispatch').map((d) => dropUndefined({
      languageCode: d.opt('LanguageCode'),
      ebrps: d.node('EBRPS')?.optAs('EBRID', parseEbrid),
      ebrst: d.node('EBRST')?.optAs('EBRID', parseEbrid),
      ebras: d.node('EBRAS')?.optAs('EBRID', parseEbrid),
      ebrbs: d.node('EBRBS')?.optAs('EBRID', parseEbrid),
    })),
  };
}

function readContent(c: Reader): MsgContent {
  return {
    // Chinese-only deployments omit it; the digest names zho as the language.
    languageCode: c.opt('LanguageCode')?.toLowerCase() ?? 'zho',
    msgTitle: c.req('MsgTitle'),
    msgDesc: c.req('MsgDesc'),
    areaCodes: c.reqAs('AreaCode', parseAreaList),
    auxiliaries: c.all('Auxiliary').map((x) => dropUndefined({
      auxiliaryType: x.reqInt('AuxiliaryType'),
      auxiliaryDesc: x.req('AuxiliaryDesc'),
      size: x.optInt('Size'),
      digest: x.optAs('Digest', (t) => {
        if (!/^[0-9a-fA-F]{64}$/.test(t)) throw new Error('expected 64 hex digits (SM3)');
        return t.toLowerCase();
      }),
    })),
  };
}

/** Splits an AreaCode list: commas (ASCII or full-width), semicolons or spaces; empty items skipped. */
export function parseAreaList(text: string): AreaCode[] {
  const codes = text.split(/[,，;；\s]+/).filter(Boolean).map(parseAreaCode);
  if (codes.length === 0) throw new Error('no area code');
  return codes;
}

/** Removes keys whose value is undefined, so optional fields are absent rather than undefined. */
export function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
