/**
 * Verification of GD/J 081 signature values. A receiver never acts on a message that
 * fails here (GD/J 081). The checks run cheapest first, so a flood of stale or
 * unknown-certificate packets costs no curve arithmetic:
 *
 *   MALFORMED            not bytes, or not 74 bytes
 *   UNKNOWN_CERTIFICATE  serial not in the authorization list
 *   CERTIFICATE_REVOKED  listed but revoked
 *   CERTIFICATE_EXPIRED  SigTime outside validFrom..validTo (not yet valid included);
 *                        with the freshness check below, now is within the window too
 *   STALE                SigTime more than maxSkewSeconds before now
 *   FROM_THE_FUTURE      SigTime more than maxSkewSeconds after now
 *   BAD_SIGNATURE        r ‖ s does not verify over data ‖ SigTime ‖ serial
 *
 * Every reason but the last rests on fields not yet authenticated; all of them reject,
 * so that is harmless, but log them as claims, not facts.
 */
import { parseSignatureValue } from './signature-value.ts';
import { messageDigest, verifyDigest } from './sm2.ts';
import type { TrustList } from './trust.ts';

/** Why a signature value was rejected. */
export type VerifyFailure =
  | 'MALFORMED'
  | 'UNKNOWN_CERTIFICATE'
  | 'CERTIFICATE_EXPIRED'
  | 'CERTIFICATE_REVOKED'
  | 'STALE'
  | 'FROM_THE_FUTURE'
  | 'BAD_SIGNATURE';

/** The outcome; on failure, serial and time are what the value claimed (unauthenticated), when it could be parsed. */
export type VerifyResult =
  | { ok: true; certSerial: string; sigTime: Date }
  | { ok: false; reason: VerifyFailure; certSerial?: string; sigTime?: Date };

/** Options of {@link verifySignatureValue}. */
export interface VerifyOptions {
  /** The receiver's clock; default now. */
  now?: Date;
  /** Freshness window either side of now, in seconds; default 300 (anti-replay, GD/J 081). */
  maxSkewSeconds?: number;
}

/** Default freshness window: 5 minutes either side, wide enough for unsynchronised field clocks. */
export const DEFAULT_MAX_SKEW_SECONDS = 300;

/**
 * Checks a 74-byte signature value over `data` against the authorization list.
 * Never throws on received bytes; throws RangeError only on invalid options.
 */
export function verifySignatureValue(data: Uint8Array, sigValue: Uint8Array, trust: TrustList, opts: VerifyOptions = {}): VerifyResult {
  const now = opts.now ?? new Date();
  const skew = opts.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('now must be a valid Date');
  if (!Number.isFinite(skew) || skew < 0) throw new RangeError('maxSkewSeconds must be a non-negative number');

  const parts = parseSignatureValue(sigValue);
  if (!parts || !(data instanceof Uint8Array)) return { ok: false, reason: 'MALFORMED' };
  const claim = { certSerial: parts.certSerial, sigTime: parts.sigTime };

  const cert = trust.get(parts.certSerial);
  if (!cert) return { ok: false, reason: 'UNKNOWN_CERTIFICATE', ...claim };
  if (cert.revoked) return { ok: false, reason: 'CERTIFICATE_REVOKED', ...claim };
  const from = cert.validFrom.getTime();
  const to = cert.validTo.getTime();
  const t = parts.sigTime.getTime();
  if (t < from || t > to) return { ok: false, reason: 'CERTIFICATE_EXPIRED', ...claim };
  // SigTime has whole seconds; compare against now's whole seconds so the window is exact.
  const age = Math.floor(now.getTime() / 1000) - t / 1000;
  if (age > skew) return { ok: false, reason: 'STALE', ...claim };
  if (-age > skew) return { ok: false, reason: 'FROM_THE_FUTURE', ...claim };

  const e = messageDigest(cert.key.z, data, parts.header);
  if (!verifyDigest(e, parts.rs, cert.key)) return { ok: false, reason: 'BAD_SIGNATURE', ...claim };
  return { ok: true, ...claim };
}
