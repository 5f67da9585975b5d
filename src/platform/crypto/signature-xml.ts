/**
 * The signature file of the platform interface (GD/J 083): each business file
 * `EBDB_<EBDID>.xml` in an EBD TAR travels with `EBDS_EBDB_<EBDID>.xml`, whose
 * SignatureValue is the GD/J 081 value (Base64 of the 74 bytes) over the business
 * file's bytes exactly as they are in the TAR. The certificate serial is given in hex.
 *
 *   <Signature>
 *     <RelatedEBD><EBDID>…41 digits…</EBDID></RelatedEBD>
 *     <SignatureCert><CertType>01</CertType><CertSN>…12 hex…</CertSN></SignatureCert>
 *     <SignatureTime>YYYY-MM-DD HH:MI:SS</SignatureTime>   Beijing time, as all XML times
 *     <DigestAlgorithm>SM3</DigestAlgorithm>
 *     <SignatureAlgorithm>SM2</SignatureAlgorithm>
 *     <SignatureValue>Base64</SignatureValue>
 *   </Signature>
 *
 * Written strictly, read leniently (field systems drift): namespace prefixes, case of
 * hex, line-wrapped Base64 and the algorithm spellings `SM2-SM3` / `SM2withSM3` pass.
 * SignatureTime is informative: the authenticated time is the SigTime inside the value.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Signer } from './signer.ts';
import { isCertSerial, parseSignatureValue } from './signature-value.ts';
import type { TrustList } from './trust.ts';
import { verifySignatureValue, type VerifyOptions, type VerifyResult } from './verify.ts';

/** What the writer needs. */
export interface SignatureFileInput {
  /** 41 digits. */
  ebdid: string;
  /** 12 hex digits; must equal the serial inside the value. */
  certSerialHex: string;
  /** Base64 of the 74-byte signature value. */
  sigValueBase64: string;
}

/** A parsed signature file. */
export interface ParsedSignatureFile {
  ebdid: string;
  /** 12 uppercase hex digits. */
  certSerialHex: string;
  sigValueBase64: string;
  /** The decoded 74 bytes. */
  sigValue: Buffer;
  signatureTime?: string;
  certType?: string;
}

/** Outcome of {@link parseSignatureXml}; it never throws. */
export type SignatureXmlParseResult = { ok: true; value: ParsedSignatureFile } | { ok: false; error: string };

const EBDID_RE = /^\d{41}$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SIGNATURE_ALGORITHMS = new Set(['SM2', 'SM2-SM3', 'SM2WITHSM3', 'SM3WITHSM2']);
/** Signature files are a few hundred bytes; anything huge is refused before parsing. */
const MAX_XML_LENGTH = 64 * 1024;

/** A date as `YYYY-MM-DD HH:MI:SS` in Beijing time (UTC+8, no DST), the format of XML times in GD/J 082/083. */
export function beijingTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Base64 text (whitespace allowed) → bytes; undefined unless it is canonical Base64. */
function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  return BASE64_RE.test(compact) ? Buffer.from(compact, 'base64') : undefined;
}

/** Writes the signature file. Throws TypeError on any invalid field: we write strictly. */
export function signatureXml(input: SignatureFileInput): string {
  if (!EBDID_RE.test(input.ebdid)) throw new TypeError('EBDID must be 41 digits');
  if (!isCertSerial(input.certSerialHex)) throw new TypeError('certificate serial must be 12 hex digits');
  const raw = decodeBase64(input.sigValueBase64);
  const parts = raw && parseSignatureValue(raw);
  if (!raw || !parts) throw new TypeError('signature value must be Base64 of 74 bytes');
  const serial = input.certSerialHex.toUpperCase();
  if (parts.certSerial !== serial) throw new TypeError(`CertSN ${serial} differs from the serial ${parts.certSerial} inside the signature value`);
  // Every value written is digits, hex or Base64: nothing needs escaping.
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Signature>',
    `  <RelatedEBD><EBDID>${input.ebdid}</EBDID></RelatedEBD>`,
    `  <SignatureCert><CertType>01</CertType><CertSN>${serial}</CertSN></SignatureCert>`,
    `  <SignatureTime>${beijingTime(parts.sigTime)}</SignatureTime>`,
    '  <DigestAlgorithm>SM3</DigestAlgorithm>',
    '  <SignatureAlgorithm>SM2</SignatureAlgorithm>',
    `  <SignatureValue>${raw.toString('base64')}</SignatureValue>`,
    '</Signature>',
    '',
  ].join('\n');
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false, // a 41-digit EBDID must stay a string
  processEntities: false, // nothing here needs entities; none to expand, none to abuse
  ignoreDeclaration: true,
  trimValues: true,
});

function child(node: unknown, name: string): unknown {
  return typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>)[name] : undefined;
}

/** The text of a leaf element; undefined when absent, repeated or not a leaf. */
function text(node: unknown): string | undefined {
  return typeof node === 'string' ? node.trim() : undefined;
}

/** Reads a signature file. Never throws; checks shapes, not the signature. */
export function parseSignatureXml(xml: string): SignatureXmlParseResult {
  if (typeof xml !== 'string' || xml.length > MAX_XML_LENGTH) return { ok: false, error: 'not a signature file (missing or too large)' };
  let doc: unknown;
  try {
    doc = parser.parse(xml, true);
  } catch {
    return { ok: false, error: 'not well-formed XML' };
  }
  const sig = child(doc, 'Signature');
  if (typeof sig !== 'object' || sig === null || Array.isArray(sig)) return { ok: false, error: 'no single <Signature> root element' };
  const ebdid = text(child(child(sig, 'RelatedEBD'), 'EBDID'));
  if (!ebdid || !EBDID_RE.test(ebdid)) return { ok: false, error: 'RelatedEBD/EBDID must be 41 digits' };
  const cert = child(sig, 'SignatureCert');
  const certSn = text(child(cert, 'CertSN'));
  if (!certSn || !isCertSerial(certSn)) return { ok: false, error: 'SignatureCert/CertSN must be 12 hex digits' };
  const digestAlg = text(child(sig, 'DigestAlgorithm'));
  if (digestAlg !== undefined && digestAlg.toUpperCase() !== 'SM3') return { ok: false, error: `unsupported DigestAlgorithm ${digestAlg}` };
  const sigAlg = text(child(sig, 'SignatureAlgorithm'));
  if (sigAlg !== undefined && !SIGNATURE_ALGORITHMS.has(sigAlg.toUpperCase())) return { ok: false, error: `unsupported SignatureAlgorithm ${sigAlg}` };
  const b64 = text(child(sig, 'SignatureValue'));
  const raw = b64 === undefined ? undefined : decodeBase64(b64);
  const parts = raw && parseSignatureValue(raw);
  if (!raw || !parts) return { ok: false, error: 'SignatureValue must be Base64 of 74 bytes' };
  const certSerialHex = certSn.toUpperCase();
  if (parts.certSerial !== certSerialHex) return { ok: false, error: `CertSN ${certSerialHex} differs from the serial inside SignatureValue` };
  const value: ParsedSignatureFile = { ebdid, certSerialHex, sigValueBase64: raw.toString('base64'), sigValue: raw };
  const signatureTime = text(child(sig, 'SignatureTime'));
  const certType = text(child(cert, 'CertType'));
  if (signatureTime) value.signatureTime = signatureTime;
  if (certType) value.certType = certType;
  return { ok: true, value };
}

/** Signs a business file's bytes and returns its signature file `EBDS_EBDB_<EBDID>.xml`. */
export async function signEbdFile(signer: Signer, ebdid: string, businessFile: Uint8Array, sigTime?: Date): Promise<string> {
  const value = await signer.sign(businessFile, sigTime);
  return signatureXml({ ebdid, certSerialHex: signer.certSerial, sigValueBase64: value.toString('base64') });
}

/**
 * Verifies a business file against its signature file: parse, check the EBDID names
 * this business file, then {@link verifySignatureValue}. An unreadable signature file
 * or a foreign EBDID is MALFORMED (receipt ResultCode 4 either way). Never throws on input.
 */
export function verifyEbdSignatureFile(ebdid: string, businessFile: Uint8Array, signatureFile: string, trust: TrustList, opts: VerifyOptions = {}): VerifyResult {
  const parsed = parseSignatureXml(signatureFile);
  if (!parsed.ok || parsed.value.ebdid !== ebdid) return { ok: false, reason: 'MALFORMED' };
  return verifySignatureValue(businessFile, parsed.value.sigValue, trust, opts);
}
