/**
 * The EBD envelope of GD/J 082/083 and its XML codec (digest "The broadcast message
 * (EBM), inside an EBD envelope"). `encodeEbdXml` writes strictly: fixed element order,
 * validated ids and codes, Beijing times. `decodeEbdXml` reads leniently and never
 * throws: it answers with the receipt ResultCode a peer should get (2 parse failed,
 * 3 content missing) and a message naming the field.
 */
import { decodeEbdid, type Ebdid, type Ebrid, parseEbdid, parseEbrid } from './ids.ts';
import { type Ebm, ebmElement, readEbm } from './ebm.ts';
import { DecodeProblem, type DecodeResultCode, Reader } from './read.ts';
import {
  type ConnectionCheck, connectionCheckElement, type EbdResponse, ebdResponseElement, type EbmStateRequest,
  ebmStateRequestElement, type EbmStateResponse, ebmStateResponseElement, readConnectionCheck, readEbdResponse,
  readEbmStateRequest, readEbmStateResponse,
} from './reports.ts';
import { formatBeijingTime } from './time.ts';
import { el, parseXmlSafely, serializeXml, XmlWriteError, type XmlElement } from './xml.ts';

/** The 17 EBDTypes of GD/J 083 (digest). Five have typed bodies; the rest pass through. */
export const EBD_TYPES = [
  'EBM', 'EBMStateRequest', 'EBMStateResponse', 'OMDRequest', 'EBRPSInfo', 'EBRSTInfo', 'EBRASInfo', 'EBRBSInfo',
  'EBRDTInfo', 'EBRPSState', 'EBRASState', 'EBRBSState', 'EBRDTState', 'EBMBrdLog', 'ConnectionCheck', 'EBDNotify',
  'EBDResponse',
] as const;
/** One of {@link EBD_TYPES}. */
export type EbdType = (typeof EBD_TYPES)[number];

/** The body, by EBDType. `opaque` keeps the element tree of any other type (attributes dropped). */
export type EbdBody =
  | { kind: 'EBM'; ebm: Ebm }
  | { kind: 'EBMStateRequest'; ebmStateRequest: EbmStateRequest }
  | { kind: 'EBMStateResponse'; ebmStateResponse: EbmStateResponse }
  | { kind: 'EBDResponse'; ebdResponse: EbdResponse }
  | { kind: 'ConnectionCheck'; connectionCheck: ConnectionCheck }
  | { kind: 'opaque'; ebdType: string; element?: XmlElement };

/** An EBD: the envelope of every platform-to-platform business file. */
export interface Ebd {
  ebdVersion: string;
  ebdid: Ebdid;
  /** Sender, with the callback URL a receiver reports the outcome to. */
  src: { ebrid: Ebrid; url?: string };
  dest: { ebrid: Ebrid };
  ebdTime: Date;
  /** The EBD this one answers (receipts, state reports). */
  relatedEbdid?: Ebdid;
  body: EbdBody;
}

/** The EBDType element text of an EBD. */
export function ebdTypeOf(ebd: Ebd): string {
  return ebd.body.kind === 'opaque' ? ebd.body.ebdType : ebd.body.kind;
}

/** What {@link decodeEbdXml} answers. */
export type DecodeEbdResult = { ok: true; ebd: Ebd } | { ok: false; resultCode: DecodeResultCode; message: string };

/**
 * Writes an EBD as XML (UTF-8, declaration, two-space indent). Throws XmlWriteError
 * naming the field when the EBD breaks a rule: bad ids, an EBDID whose sender is not
 * SRC, a heartbeat id on a non-heartbeat or the reverse, codes out of range.
 */
export function encodeEbdXml(ebd: Ebd): string {
  const type = ebdTypeOf(ebd);
  const check = (path: string, f: () => unknown): void => {
    try {
      f();
    } catch (e) {
      throw new XmlWriteError(`EBD/${path}`, (e as Error).message);
    }
  };
  if (!ebd.ebdVersion.trim()) throw new XmlWriteError('EBD/EBDVersion', 'is empty');
  check('SRC/EBRID', () => parseEbrid(ebd.src.ebrid));
  check('DEST/EBRID', () => parseEbrid(ebd.dest.ebrid));
  check('EBDID', () => {
    const id = decodeEbdid(ebd.ebdid);
    // EBDID = type + sender EBRID + sequence (digest "Identifiers"): the sender is SRC.
    if (id.sender !== ebd.src.ebrid) throw new Error(`sender ${id.sender} is not SRC/EBRID ${ebd.src.ebrid}`);
    const heartbeat = type === 'ConnectionCheck';
    if ((id.kind === 'heartbeat') !== heartbeat) {
      throw new Error(heartbeat ? 'a ConnectionCheck needs type 01 (heartbeat)' : `type 01 is for heartbeats, not ${type}`);
    }
  });
  if (ebd.relatedEbdid !== undefined) check('RelatedEBD/EBDID', () => parseEbdid(ebd.relatedEbdid));
  if (ebd.src.url !== undefined) check('SRC/URL', () => checkHttpUrl(ebd.src.url as string));
  if (Number.isNaN(ebd.ebdTime.getTime())) throw new XmlWriteError('EBD/EBDTime', 'is an invalid Date');
  const root = el('EBD', [
    el('EBDVersion', ebd.ebdVersion),
    el('EBDID', ebd.ebdid),
    el('EBDType', type),
    el('SRC', [el('EBRID', ebd.src.ebrid), ebd.src.url !== undefined && el('URL', ebd.src.url)]),
    el('DEST', [el('EBRID', ebd.dest.ebrid)]),
    el('EBDTime', formatBeijingTime(ebd.ebdTime)),
    ebd.relatedEbdid !== undefined && el('RelatedEBD', [el('EBDID', ebd.relatedEbdid)]),
    bodyElement(ebd.body),
  ]);
  return serializeXml(root);
}

function bodyElement(body: EbdBody): XmlElement | undefined {
  switch (body.kind) {
    case 'EBM':
      return ebmElement(body.ebm);
    case 'EBMStateRequest':
      return ebmStateRequestElement(body.ebmStateRequest);
    case 'EBMStateResponse':
      return ebmStateResponseElement(body.ebmStateResponse);
    case 'EBDResponse':
      return ebdResponseElement(body.ebdResponse);
    case 'ConnectionCheck':
      return connectionCheckElement(body.connectionCheck);
    case 'opaque':
      if (body.element && body.element.name !== body.ebdType) {
        throw new XmlWriteError(`EBD/${body.ebdType}`, `opaque body element is named ${body.element.name}`);
      }
      return body.element;
  }
}

function checkHttpUrl(s: string): void {
  const u = new URL(s);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`"${s}" is not an http(s) URL`);
}

/**
 * Reads an EBD from XML text or bytes. Never throws. Refuses DOCTYPE, oversized input
 * (`maxBytes`, default 8 MiB) and malformed XML with ResultCode 2; missing required
 * fields give ResultCode 3. Unknown elements are ignored; unknown EBDTypes pass through.
 */
export function decodeEbdXml(xml: string | Uint8Array, opts: { maxBytes?: number } = {}): DecodeEbdResult {
  const parsed = parseXmlSafely(xml, opts);
  if (!parsed.ok) return { ok: false, resultCode: 2, message: parsed.message };
  if (parsed.root.name.toUpperCase() !== 'EBD') {
    return { ok: false, resultCode: 2, message: `root element is ${parsed.root.name}, not EBD` };
  }
  try {
    return { ok: true, ebd: readEbd(new Reader(parsed.root, 'EBD')) };
  } catch (e) {
    if (e instanceof DecodeProblem) return { ok: false, resultCode: e.resultCode, message: e.message };
    return { ok: false, resultCode: 2, message: `EBD could not be read: ${(e as Error).message}` };
  }
}

function readEbd(r: Reader): Ebd {
  const ebdType = r.req('EBDType');
  const src = r.reqNode('SRC');
  const url = src.opt('URL');
  const related = r.node('RelatedEBD')?.optAs('EBDID', parseEbdid);
  return {
    ebdVersion: r.req('EBDVersion'),
    ebdid: r.reqAs('EBDID', parseEbdid),
    src: { ebrid: src.reqAs('EBRID', parseEbrid), ...(url !== undefined ? { url } : {}) },
    dest: { ebrid: r.reqNode('DEST').reqAs('EBRID', parseEbrid) },
    ebdTime: r.reqTime('EBDTime'),
    ...(related !== undefined ? { relatedEbdid: related } : {}),
    body: readBody(r, ebdType),
  };
}

function readBody(r: Reader, ebdType: string): EbdBody {
  const known = EBD_TYPES.find((t) => t.toLowerCase() === ebdType.toLowerCase());
  const bodyReader = (): Reader => r.reqNode(known ?? ebdType);
  switch (known) {
    case 'EBM':
      return { kind: 'EBM', ebm: readEbm(bodyReader()) };
    case 'EBMStateRequest':
      return { kind: 'EBMStateRequest', ebmStateRequest: readEbmStateRequest(bodyReader()) };
    case 'EBMStateResponse':
      return { kind: 'EBMStateResponse', ebmStateResponse: readEbmStateResponse(bodyReader()) };
    case 'EBDResponse':
      return { kind: 'EBDResponse', ebdResponse: readEbdResponse(bodyReader()) };
    case 'ConnectionCheck':
      return { kind: 'ConnectionCheck', connectionCheck: readConnectionCheck(bodyReader()) };
    default: {
      const name = known ?? ebdType;
      const found = r.node(ebdType)?.element;
      return { kind: 'opaque', ebdType: name, ...(found ? { element: { ...found, name } } : {}) };
    }
  }
}
