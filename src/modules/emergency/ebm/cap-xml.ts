/**
 * OASIS CAP 1.2 (`urn:oasis:names:tc:emergency:cap:1.2`): the subset of the alert the
 * platform maps to and from EBMs, written in the element order of the official XSD
 * (tests validate the output with xmllint against cap-v1.2.xsd) and read leniently
 * through the same hardened parser as EBDs.
 */
import type { CapCategory, CapCertainty, CapUrgency } from './event-types.ts';
import { DecodeProblem, Reader } from './read.ts';
import { formatCapTime, parseCapTime } from './time.ts';
import { el, parseXmlSafely, serializeXml, XmlWriteError, type XmlElement } from './xml.ts';

/** The CAP 1.2 namespace. */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

/** alert/status. */
export type CapStatus = 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
/** alert/msgType. */
export type CapMsgType = 'Alert' | 'Update' | 'Cancel' | 'Ack' | 'Error';
/** info/severity. */
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
/** A valueName/value pair (eventCode, parameter, geocode). */
export interface CapValue {
  valueName: string;
  value: string;
}

/** info/resource. `digest` is SHA-1 in CAP (EBM digests are SM3: never copied across). */
export interface CapResource {
  resourceDesc: string;
  mimeType: string;
  size?: number;
  uri?: string;
  digest?: string;
}

/** info/area; polygons and circles are not mapped (EBM targets area codes). */
export interface CapArea {
  areaDesc: string;
  geocodes: CapValue[];
}

/** One info block. */
export interface CapInfo {
  language: string;
  categories: CapCategory[];
  event: string;
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  eventCodes: CapValue[];
  effective?: Date;
  onset?: Date;
  expires?: Date;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  parameters: CapValue[];
  resources: CapResource[];
  areas: CapArea[];
}

/** The alert. */
export interface CapAlert {
  identifier: string;
  sender: string;
  sent: Date;
  status: CapStatus;
  msgType: CapMsgType;
  scope: 'Public' | 'Restricted' | 'Private';
  /** "sender,identifier,sent" triples separated by spaces (CAP 1.2 §3.2.1). */
  references?: string;
  infos: CapInfo[];
}

const CAP_ID = /^[^\s,<&]+$/; // CAP 1.2 §3.2.1: identifier and sender exclude spaces, commas, < and &

/** Writes a CAP 1.2 alert; throws XmlWriteError when identifier or sender break CAP's rules. */
export function encodeCapXml(a: CapAlert): string {
  if (!CAP_ID.test(a.identifier)) throw new XmlWriteError('alert/identifier', 'must not contain spaces, commas, < or &');
  if (!CAP_ID.test(a.sender)) throw new XmlWriteError('alert/sender', 'must not contain spaces, commas, < or &');
  const pairs = (name: string, list: CapValue[]): XmlElement[] =>
    list.map((v) => el(name, [el('valueName', v.valueName), el('value', v.value)]));
  const time = (name: string, d: Date | undefined): XmlElement | undefined => (d ? el(name, formatCapTime(d)) : undefined);
  const opt = (name: string, s: string | undefined): XmlElement | undefined => (s !== undefined && s !== '' ? el(name, s) : undefined);
  const root = el('alert', [
    el('identifier', a.identifier),
    el('sender', a.sender),
    el('sent', formatCapTime(a.sent)),
    el('status', a.status),
    el('msgType', a.msgType),
    el('scope', a.scope),
    opt('references', a.references),
    ...a.infos.map((i, n) => {
      if (i.categories.length === 0) throw new XmlWriteError(`alert/info[${n + 1}]/category`, 'at least one is required');
      return el('info', [
        el('language', i.language),
        ...i.categories.map((c) => el('category', c)),
        el('event', i.event),
        el('urgency', i.urgency),
        el('severity', i.severity),
        el('certainty', i.certainty),
        ...pairs('eventCode', i.eventCodes),
        time('effective', i.effective),
        time('onset', i.onset),
        time('expires', i.expires),
        opt('senderName', i.senderName),
        opt('headline', i.headline),
        opt('description', i.description),
        opt('instruction', i.instruction),
        ...pairs('parameter', i.parameters),
        ...i.resources.map((r) =>
          el('resource', [
            el('resourceDesc', r.resourceDesc),
            el('mimeType', r.mimeType),
            r.size !== undefined && el('size', r.size),
            opt('uri', r.uri),
            opt('digest', r.digest),
          ]),
        ),
        ...i.areas.map((ar) => el('area', [el('areaDesc', ar.areaDesc), ...pairs('geocode', ar.geocodes)])),
      ]);
    }),
  ]);
  return serializeXml(root, { rootAttributes: { xmlns: CAP_NAMESPACE } });
}

/** What {@link decodeCapXml} answers. */
export type DecodeCapResult = { ok: true; alert: CapAlert } | { ok: false; message: string };

/**
 * Reads a CAP 1.2 alert leniently (namespace prefixes dropped, unknown elements ignored,
 * missing urgency/certainty read as Unknown). Never throws.
 */
export function decodeCapXml(xml: string | Uint8Array, opts: { maxBytes?: number } = {}): DecodeCapResult {
  const parsed = parseXmlSafely(xml, opts);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  if (parsed.root.name !== 'alert') return { ok: false, message: `root element is ${parsed.root.name}, not a CAP alert` };
  try {
    return { ok: true, alert: readAlert(new Reader(parsed.root, 'alert')) };
  } catch (e) {
    return { ok: false, message: e instanceof DecodeProblem ? e.message : `CAP alert could not be read: ${(e as Error).message}` };
  }
}

function oneOf<T extends string>(values: readonly T[]): (text: string) => T {
  return (text) => {
    const found = values.find((v) => v.toLowerCase() === text.toLowerCase());
    if (!found) throw new Error(`expected one of ${values.join(', ')}`);
    return found;
  };
}

function capTime(text: string): Date {
  const d = parseCapTime(text);
  if (!d) throw new Error('expected an ISO 8601 time such as 2024-06-18T08:30:00+08:00');
  return d;
}

const pairsOf = (r: Reader, name: string): CapValue[] =>
  r.all(name).map((p) => ({ valueName: p.opt('valueName') ?? '', value: p.opt('value') ?? '' }));

function readAlert(r: Reader): CapAlert {
  const references = r.opt('references');
  return {
    identifier: r.req('identifier'),
    sender: r.req('sender'),
    sent: r.reqAs('sent', capTime),
    status: r.reqAs('status', oneOf(['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const)),
    msgType: r.reqAs('msgType', oneOf(['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const)),
    scope: r.optAs('scope', oneOf(['Public', 'Restricted', 'Private'] as const)) ?? 'Public',
    ...(references !== undefined ? { references } : {}),
    infos: r.all('info').map(readInfo),
  };
}

function readInfo(i: Reader): CapInfo {
  const optTime = (name: string): Date | undefined => i.optAs(name, capTime);
  const info: CapInfo = {
    language: i.opt('language') ?? 'en-US', // the XSD default
    categories: i.all('category').flatMap((c) => CATEGORIES.filter((k) => k.toLowerCase() === c.element.text.toLowerCase())),
    event: i.opt('event') ?? '',
    urgency: i.optAs('urgency', oneOf(['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const)) ?? 'Unknown',
    severity: i.optAs('severity', oneOf(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const)) ?? 'Unknown',
    certainty: i.optAs('certainty', oneOf(['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const)) ?? 'Unknown',
    eventCodes: pairsOf(i, 'eventCode'),
    parameters: pairsOf(i, 'parameter'),
    resources: i.all('resource').map((res) => {
      const size = res.optInt('size');
      const uri = res.opt('uri');
      const digest = res.opt('digest');
      return {
        resourceDesc: res.opt('resourceDesc') ?? '',
        mimeType: res.opt('mimeType') ?? 'application/octet-stream',
        ...(size !== undefined ? { size } : {}),
        ...(uri !== undefined ? { uri } : {}),
        ...(digest !== undefined ? { digest } : {}),
      };
    }),
    areas: i.all('area').map((a) => ({ areaDesc: a.opt('areaDesc') ?? '', geocodes: pairsOf(a, 'geocode') })),
  };
  for (const [key, value] of [
    ['effective', optTime('effective')], ['onset', optTime('onset')], ['expires', optTime('expires')],
    ['senderName', i.opt('senderName')], ['headline', i.opt('headline')], ['description', i.opt('description')],
    ['instruction', i.opt('instruction')],
  ] as const) {
    if (value !== undefined) Object.assign(info, { [key]: value });
  }
  return info;
}

const CATEGORIES: readonly CapCategory[] = [
  'Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other',
];
