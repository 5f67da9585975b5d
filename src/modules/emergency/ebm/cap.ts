/**
 * EBM ↔ CAP 1.2, with the mapping of the digest ("CAP 1.2 ↔ EBM"):
 *   identifier ↔ EBMID (a foreign identifier is kept beside the EBMID we mint);
 *   status Actual ↔ MsgType 1, Exercise ↔ 3/4/5 (the exact drill type rides in a
 *   parameter "EBM MsgType"); msgType Cancel ↔ MsgType 2, references ↔ RelatedInfo;
 *   severity Extreme/Severe/Moderate/Minor/Unknown ↔ 1/2/3/4/0; effective/expires ↔
 *   StartTime/EndTime; zh-CN ↔ zho; headline/description ↔ MsgTitle/MsgDesc; geocode
 *   "GB/T 2260" (12-digit codes) ↔ AreaCode; resource ↔ Auxiliary (sizes kept, digests
 *   not: CAP's are SHA-1, EBM's SM3); eventCode "GB/T 35561" ↔ EventType.
 * Category, urgency and certainty, which CAP requires and an EBM lacks, come from
 * event-types.ts. What CAP cannot carry (Dispatch, SM3 digests, EBMVersion) is lost.
 */
import type { CapAlert, CapInfo, CapResource, CapSeverity, CapStatus } from './cap-xml.ts';
import { type Auxiliary, AUXILIARY_TYPE, type Ebm, isDrill, MSG_TYPE, type MsgContent, type MsgType, type Severity } from './ebm.ts';
import {
  capCategoryOf, capCertaintyOf, capUrgencyOf, eventTypeForCapCategory, eventTypeName,
} from './event-types.ts';
import { type AreaCode, decodeEbmid, type Ebmid, isAreaCode, isEbmid } from './ids.ts';
import { formatCapTime } from './time.ts';

/** geocode valueName written on export; import also accepts "AreaCode" and "GB/T 10114". */
export const GEOCODE_AREA = 'GB/T 2260';
/** eventCode valueName of the EBM event type. */
export const EVENTCODE_GBT35561 = 'GB/T 35561';
/** parameter valueName carrying the exact EBM MsgType (drill types 3/4/5 are all "Exercise"). */
export const PARAM_MSG_TYPE = 'EBM MsgType';

const SEVERITY_TO_CAP: Record<Severity, CapSeverity> = { 0: 'Unknown', 1: 'Extreme', 2: 'Severe', 3: 'Moderate', 4: 'Minor' };
const SEVERITY_FROM_CAP: Record<CapSeverity, Severity> = { Unknown: 0, Extreme: 1, Severe: 2, Moderate: 3, Minor: 4 };
const LANGUAGES: [iso6392: string, bcp47: string][] = [
  ['zho', 'zh-CN'], ['eng', 'en-US'], ['bod', 'bo'], ['uig', 'ug'], ['mon', 'mn'], ['zha', 'za'], ['kor', 'ko'], ['yue', 'yue'],
];
const STREAM_SCHEMES = /^(rtp|rtsp|rtmp|udp|srt|mms):/i;

/** Options of {@link ebmToCap}. */
export interface EbmToCapOptions {
  /** A display name for areaDesc (e.g. from the area table); the code itself otherwise. */
  areaName?: (code: AreaCode) => string | undefined;
  /** An absolute URL for a media file of the TAR; otherwise the file name as a relative URI. */
  mediaUri?: (fileName: string) => string;
  /** Sender and sent of the referenced alert; otherwise our sender and the EBMID's date at 00:00 Beijing. */
  original?: { sender?: string; sent?: Date };
  /** A cancel does not say whether it cancels a drill; Actual unless told. */
  cancelStatus?: 'Actual' | 'Exercise';
}

/** Maps an EBM to a CAP alert (one info per MsgContent; one info without area for a bare cancel). */
export function ebmToCap(ebm: Ebm, opts: EbmToCapOptions = {}): CapAlert {
  const b = ebm.basicInfo;
  const platform = decodeEbmid(ebm.ebmid).platform;
  const sender = /^[^\s,<&]+$/.test(b.senderCode) ? b.senderCode : platform;
  const status: CapStatus = b.msgType === MSG_TYPE.cancel ? (opts.cancelStatus ?? 'Actual') : isDrill(b.msgType) ? 'Exercise' : 'Actual';
  const related = ebm.related?.ebmid;
  let references: string | undefined;
  if (related) {
    const d = decodeEbmid(related).date;
    const sent = opts.original?.sent ?? new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T00:00:00+08:00`);
    references = `${opts.original?.sender ?? sender},${related},${formatCapTime(sent)}`;
  }
  const contents: (MsgContent | undefined)[] = ebm.contents.length > 0 ? ebm.contents : [undefined];
  return {
    identifier: ebm.ebmid,
    sender,
    sent: b.sendTime,
    status,
    msgType: b.msgType === MSG_TYPE.cancel ? 'Cancel' : related ? 'Update' : 'Alert',
    scope: 'Public',
    ...(references ? { references } : {}),
    infos: contents.map((c): CapInfo => ({
      language: toBcp47(c?.languageCode ?? 'zho'),
      categories: [capCategoryOf(b.eventType)],
      event: eventTypeName(b.eventType),
      urgency: capUrgencyOf(b.msgType, b.sendTime, b.startTime),
      severity: SEVERITY_TO_CAP[b.severity],
      certainty: capCertaintyOf(b.eventType, b.severity),
      eventCodes: [{ valueName: EVENTCODE_GBT35561, value: b.eventType }],
      effective: b.startTime,
      expires: b.endTime,
      senderName: b.senderName,
      ...(c ? { headline: c.msgTitle, description: c.msgDesc } : {}),
      parameters: [{ valueName: PARAM_MSG_TYPE, value: String(b.msgType) }],
      resources: (c?.auxiliaries ?? []).map((x) => toResource(x, opts)),
      areas: (c?.areaCodes ?? []).map((code) => ({
        areaDesc: opts.areaName?.(code) ?? code,
        geocodes: [{ valueName: GEOCODE_AREA, value: code }],
      })),
    })),
  };
}

function toResource(x: Auxiliary, opts: EbmToCapOptions): CapResource {
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(x.auxiliaryDesc);
  const [desc, mime] =
    x.auxiliaryType === AUXILIARY_TYPE.mp3 ? ['audio', 'audio/mpeg']
      // GD/J 089 streams are MP3 over RTP or HTTP: the payload type is still audio/mpeg.
      : x.auxiliaryType === AUXILIARY_TYPE.stream ? ['audio stream', 'audio/mpeg']
        : x.auxiliaryType === AUXILIARY_TYPE.png ? ['image', 'image/png']
          : x.auxiliaryType === AUXILIARY_TYPE.jpeg ? ['image', 'image/jpeg']
            : [`EBM auxiliary type ${x.auxiliaryType}`, 'application/octet-stream'];
  return {
    resourceDesc: desc,
    mimeType: mime,
    ...(x.size !== undefined ? { size: x.size } : {}),
    uri: isUrl ? x.auxiliaryDesc : (opts.mediaUri?.(x.auxiliaryDesc) ?? encodeURIComponent(x.auxiliaryDesc)),
  };
}

function toBcp47(iso6392: string): string {
  return LANGUAGES.find(([a]) => a === iso6392)?.[1] ?? iso6392;
}

function toIso6392(bcp47: string): string {
  const primary = bcp47.toLowerCase().split(/[-_]/)[0] ?? '';
  const found = LANGUAGES.find(([a, b]) => b.toLowerCase().split('-')[0] === primary || a === primary);
  return found?.[0] ?? (/^[a-z]{3}$/.test(primary) ? primary : 'und');
}

/** Options of {@link capToEbm}. */
export interface CapToEbmOptions {
  /** The EBMID to give the message when the CAP identifier is not one (a foreign alert). */
  ebmid?: Ebmid;
  /** Maps a referenced CAP identifier that is not an EBMID to the EBMID it was imported as. */
  resolveReference?: (identifier: string, sender: string) => Ebmid | undefined;
  /** Drill type for Exercise without an "EBM MsgType" parameter; 3 (platform drill) by default. */
  drillType?: 3 | 4 | 5;
  /** Duration when CAP has no expires; 1 hour by default. */
  defaultDurationMs?: number;
  /** EBMVersion of the result; "1.0" by default. */
  ebmVersion?: string;
}

/** What {@link capToEbm} answers. The EBM is a draft: media still need fetching and SM3 digests. */
export type CapToEbmResult =
  | { ok: true; ebm: Ebm; capIdentifier: string; capSender: string }
  | { ok: false; message: string };

/**
 * Maps a CAP alert to an EBM. Refuses what must not be broadcast: status System/Test/
 * Draft, msgType Ack/Error, an Actual alert whose parameter claims a drill (or the
 * reverse), a cancel whose original cannot be named, content without any area code.
 */
export function capToEbm(alert: CapAlert, opts: CapToEbmOptions = {}): CapToEbmResult {
  const fail = (message: string): CapToEbmResult => ({ ok: false, message });
  if (alert.status !== 'Actual' && alert.status !== 'Exercise') return fail(`CAP status ${alert.status} is not for broadcast`);
  if (alert.msgType === 'Ack' || alert.msgType === 'Error') return fail(`CAP msgType ${alert.msgType} carries no broadcast`);
  const ebmid = isEbmid(alert.identifier) ? alert.identifier : opts.ebmid;
  if (!ebmid) return fail(`CAP identifier "${alert.identifier}" is not an EBMID: pass opts.ebmid`);
  const first = alert.infos[0];
  if (!first) return fail('CAP alert has no info block');
  const msgType = msgTypeOf(alert, first, opts);
  if (typeof msgType === 'string') return fail(msgType);
  const related = relatedOf(alert, opts);
  if (msgType === MSG_TYPE.cancel && !related) return fail('CAP Cancel names no original the platform knows (references)');
  const contents: MsgContent[] = [];
  for (const info of alert.infos) {
    const areaCodes = info.areas.flatMap((a) => a.geocodes).flatMap((g) => areaCodeOf(g.valueName, g.value));
    if (areaCodes.length === 0) {
      if (msgType === MSG_TYPE.cancel) continue; // a bare cancel needs no target of its own
      return fail(`CAP info (${info.language}) has no ${GEOCODE_AREA} geocode the platform can target`);
    }
    const title = info.headline ?? info.event;
    contents.push({
      languageCode: toIso6392(info.language),
      msgTitle: title,
      msgDesc: info.description ?? title,
      areaCodes: [...new Set(areaCodes)],
      auxiliaries: info.resources.flatMap(toAuxiliary),
    });
  }
  const start = first.effective ?? first.onset ?? alert.sent;
  const eventType = first.eventCodes.find((c) => normalize(c.valueName) === normalize(EVENTCODE_GBT35561) && /^\d{5}$/.test(c.value))?.value
    ?? eventTypeForCapCategory(first.categories[0]);
  const ebm: Ebm = {
    ebmVersion: opts.ebmVersion ?? '1.0',
    ebmid,
    ...(related ? { related: { ebmid: related } } : {}),
    basicInfo: {
      msgType,
      senderName: first.senderName ?? alert.sender,
      senderCode: alert.sender,
      sendTime: alert.sent,
      eventType,
      severity: SEVERITY_FROM_CAP[first.severity],
      startTime: start,
      endTime: first.expires ?? new Date(start.getTime() + (opts.defaultDurationMs ?? 3600_000)),
    },
    contents,
    dispatches: [],
  };
  return { ok: true, ebm, capIdentifier: alert.identifier, capSender: alert.sender };
}

function msgTypeOf(alert: CapAlert, info: CapInfo, opts: CapToEbmOptions): MsgType | string {
  if (alert.msgType === 'Cancel') return MSG_TYPE.cancel;
  const param = info.parameters.find((p) => normalize(p.valueName) === normalize(PARAM_MSG_TYPE))?.value;
  const claimed = param && /^[1-5]$/.test(param) ? (Number(param) as MsgType) : undefined;
  if (alert.status === 'Actual') {
    // Hawaii 2018: never let a drill and a real alert be confused; refuse the contradiction.
    if (claimed !== undefined && claimed !== MSG_TYPE.real) return `CAP status Actual contradicts ${PARAM_MSG_TYPE} ${claimed}`;
    return MSG_TYPE.real;
  }
  if (claimed !== undefined && !isDrill(claimed)) return `CAP status Exercise contradicts ${PARAM_MSG_TYPE} ${claimed}`;
  return claimed ?? opts.drillType ?? MSG_TYPE.platformDrill;
}

function relatedOf(alert: CapAlert, opts: CapToEbmOptions): Ebmid | undefined {
  const refs = (alert.references ?? '').trim().split(/\s+/).filter(Boolean);
  const last = refs[refs.length - 1]; // the most recent message is listed last
  if (!last) return undefined;
  const [sender = '', identifier = ''] = last.split(',');
  return isEbmid(identifier) ? identifier : opts.resolveReference?.(identifier, sender);
}

function areaCodeOf(valueName: string, value: string): AreaCode[] {
  const accepted = ['gb/t2260', 'gb/t10114', 'areacode'];
  if (!accepted.includes(normalize(valueName))) return [];
  // 6-digit GB/T 2260 county codes and 9-digit town codes are widened to 12 digits.
  const code = /^\d{6}$|^\d{9}$/.test(value) ? value.padEnd(12, '0') : value;
  return isAreaCode(code) ? [code] : [];
}

function toAuxiliary(r: CapResource): Auxiliary[] {
  const mime = r.mimeType.toLowerCase();
  const uri = r.uri;
  if (!uri) return []; // derefUri payloads are not unpacked here
  const stream = STREAM_SCHEMES.test(uri) || /stream/i.test(r.resourceDesc);
  const type = stream ? AUXILIARY_TYPE.stream
    : mime === 'audio/mpeg' || mime === 'audio/mp3' ? AUXILIARY_TYPE.mp3
      : mime === 'image/png' ? AUXILIARY_TYPE.png
        : mime === 'image/jpeg' ? AUXILIARY_TYPE.jpeg
          : undefined;
  if (type === undefined) return []; // terminals cannot play it
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(uri);
  let desc = uri;
  if (!isUrl) {
    try {
      desc = decodeURIComponent(uri);
    } catch {
      desc = uri;
    }
  }
  return [{ auxiliaryType: type, auxiliaryDesc: desc, ...(r.size !== undefined && !stream ? { size: r.size } : {}) }];
}

function normalize(s: string): string {
  return s.toLowerCase().replace(/\s+/g, '');
}
