/**
 * The checks a received GD/J 083 package passes before anything is stored, in a fixed
 * order, cheapest and least trusting first. Pure: no database, no clock of its own.
 *
 *   1. unpack the TAR                        malformed → ResultCode 2, no business file → 3
 *   2. the signature file is there           missing → 3 (UNSIGNED)
 *   3. the signature verifies (GD/J 081)     unknown / revoked / expired certificate, bad
 *                                            signature, wrong key → 4
 *   4. SigTime within ±300 s                 stale or from the future → 5 (NOT_FRESH)
 *   5. the certificate may speak for the sender: a certificate whose subject is an EBRID
 *      vouches for that sender only → 4
 *   6. the business XML reads (only now: it is authenticated) → 2 / 3
 *   7. the envelope is consistent: EBDID as named by the files, SRC = the EBDID's sender,
 *      DEST = this platform → 2 / 5
 * Replay (the per-sender sequence and seen EBDIDs) needs the database: see replay.ts.
 */
import { decodeEbdid, decodeEbdXml, type Ebd, type Ebdid, isEbdid, isEbrid, unpackEbdTar } from '../ebm/index.ts';
import { verifyEbdSignatureFile, type TrustList } from '../../../platform/crypto/index.ts';
import type { ResultCode } from '../ebm/index.ts';

/** Why a package was refused; stored with the refusal and shown to operators. */
export type RefusalReason =
  | 'PACKAGE_MALFORMED' | 'CONTENT_MISSING' | 'UNSIGNED'
  | 'UNKNOWN_CERTIFICATE' | 'CERTIFICATE_REVOKED' | 'CERTIFICATE_EXPIRED' | 'BAD_SIGNATURE' | 'SIGNATURE_MALFORMED'
  | 'CERTIFICATE_SUBJECT_MISMATCH' | 'NOT_FRESH'
  | 'XML_INVALID' | 'ENVELOPE_INCONSISTENT' | 'WRONG_DESTINATION' | 'UNSUPPORTED_TYPE' | 'UNKNOWN_EBMID'
  | 'REPLAYED' | 'OUT_OF_ORDER';

/** A refusal: the receipt's ResultCode, a reason code and what the peer is told. */
export interface Refusal {
  ok: false;
  resultCode: Exclude<ResultCode, 0 | 1>;
  reason: RefusalReason;
  message: string;
  /** What could be read, unauthenticated unless the signature verified: for the log only. */
  claims: { ebdid?: Ebdid; sender?: string; certSerial?: string; businessXml?: string; signatureXml?: string };
}

/** A package that passed every check but replay. */
export interface Verified {
  ok: true;
  ebd: Ebd;
  ebdid: Ebdid;
  sender: string;
  sequence: bigint;
  certSerial: string;
  sigTime: Date;
  businessXml: string;
  signatureXml: string;
}

export interface InspectOptions {
  trust: TrustList;
  /** This platform's EBRID: DEST must name it. */
  platformEbrid: string;
  /** EBDID from the part's file name `EBDT_<EBDID>.tar`, when it carries one. */
  expectedEbdid?: Ebdid;
  now?: Date;
  maxSkewSeconds?: number;
}

const FRESHNESS = new Set(['STALE', 'FROM_THE_FUTURE']);
/** The largest XML kept with a refusal, for forensics; a bigger one is cut. */
const KEEP_XML_CHARS = 256 * 1024;

function keep(bytes: Uint8Array): string {
  const s = Buffer.from(bytes).toString('utf8');
  return s.length > KEEP_XML_CHARS ? s.slice(0, KEEP_XML_CHARS) : s;
}

/** Runs checks 1–7 on the bytes of an `EBDT_<EBDID>.tar`. Never throws on received bytes. */
export function inspectPackage(tar: Uint8Array, opts: InspectOptions): Verified | Refusal {
  const claims: Refusal['claims'] = {};
  if (opts.expectedEbdid) Object.assign(claims, { ebdid: opts.expectedEbdid, sender: decodeEbdid(opts.expectedEbdid).sender });
  const refuse = (resultCode: Refusal['resultCode'], reason: RefusalReason, message: string): Refusal => ({ ok: false, resultCode, reason, message, claims });

  const pkg = unpackEbdTar(tar, { maxMembers: 16, ...(opts.expectedEbdid ? { expectedEbdid: opts.expectedEbdid } : {}) });
  if (!pkg.ok) {
    const unsigned = pkg.resultCode === 3 && /signature file/.test(pkg.message);
    return refuse(pkg.resultCode, unsigned ? 'UNSIGNED' : pkg.resultCode === 3 ? 'CONTENT_MISSING' : 'PACKAGE_MALFORMED', pkg.message);
  }
  const id = decodeEbdid(pkg.ebdid);
  Object.assign(claims, { ebdid: pkg.ebdid, sender: id.sender, businessXml: keep(pkg.businessXml), signatureXml: keep(pkg.signatureXml) });

  const verdict = verifyEbdSignatureFile(pkg.ebdid, pkg.businessXml, pkg.signatureXml.toString('utf8'), opts.trust, {
    ...(opts.now ? { now: opts.now } : {}), ...(opts.maxSkewSeconds !== undefined ? { maxSkewSeconds: opts.maxSkewSeconds } : {}),
  });
  if (!verdict.ok) {
    if (verdict.certSerial) claims.certSerial = verdict.certSerial;
    if (FRESHNESS.has(verdict.reason)) {
      return refuse(5, 'NOT_FRESH', `SigTime ${verdict.sigTime?.toISOString() ?? '?'} is outside ±${opts.maxSkewSeconds ?? 300} s of the receiver's clock (${verdict.reason})`);
    }
    const reason: RefusalReason = verdict.reason === 'MALFORMED' ? 'SIGNATURE_MALFORMED' : (verdict.reason as Exclude<typeof verdict.reason, 'MALFORMED' | 'STALE' | 'FROM_THE_FUTURE'>);
    return refuse(4, reason, `signature verification failed: ${verdict.reason}${verdict.certSerial ? ` (certificate ${verdict.certSerial})` : ''}`);
  }
  claims.certSerial = verdict.certSerial;
  const cert = opts.trust.get(verdict.certSerial);
  if (cert && isEbrid(cert.subject) && cert.subject !== id.sender) {
    return refuse(4, 'CERTIFICATE_SUBJECT_MISMATCH', `certificate ${verdict.certSerial} belongs to ${cert.subject}, not to sender ${id.sender}`);
  }

  const decoded = decodeEbdXml(pkg.businessXml);
  if (!decoded.ok) return refuse(decoded.resultCode, decoded.resultCode === 3 ? 'CONTENT_MISSING' : 'XML_INVALID', decoded.message);
  const ebd = decoded.ebd;
  if (ebd.ebdid !== pkg.ebdid) return refuse(2, 'ENVELOPE_INCONSISTENT', `EBD/EBDID ${ebd.ebdid} is not the package's ${pkg.ebdid}`);
  if (ebd.src.ebrid !== id.sender) return refuse(2, 'ENVELOPE_INCONSISTENT', `SRC/EBRID ${ebd.src.ebrid} is not the EBDID's sender ${id.sender}`);
  if (ebd.dest.ebrid !== opts.platformEbrid) return refuse(5, 'WRONG_DESTINATION', `DEST/EBRID ${ebd.dest.ebrid} is not this platform (${opts.platformEbrid})`);
  return {
    ok: true, ebd, ebdid: pkg.ebdid, sender: id.sender, sequence: id.sequence, certSerial: verdict.certSerial, sigTime: verdict.sigTime,
    businessXml: pkg.businessXml.toString('utf8'), signatureXml: pkg.signatureXml.toString('utf8'),
  };
}

/** The EBDID in a part's file name `EBDT_<EBDID>.tar`, if it carries a valid one. */
export function ebdidOfFileName(name: string | undefined): Ebdid | undefined {
  const m = /^EBDT_(\d{41})\.tar$/i.exec(name ?? '');
  return m && isEbdid(m[1]) ? (m[1] as Ebdid) : undefined;
}

/** The DEST/EBRID of a package, read without trusting it: only to choose the receiving center. */
export function destinationOf(tar: Uint8Array): string | undefined {
  const pkg = unpackEbdTar(tar, { maxMembers: 16 });
  if (!pkg.ok) return undefined;
  const decoded = decodeEbdXml(pkg.businessXml);
  return decoded.ok ? decoded.ebd.dest.ebrid : undefined;
}
