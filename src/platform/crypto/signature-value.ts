/**
 * The GD/J 081 signature value: 74 bytes.
 *
 *   offset  size  field
 *   0       4     SigTime: u32 big-endian, UTC seconds since 1970 (GD/J 081; binary
 *                 protocols use u32 UTC seconds throughout)
 *   4       6     certificate serial number (48 bits) of the signing certificate
 *   10      64    SM2 signature r ‖ s, each 32 bytes big-endian
 *
 * WHAT IS SIGNED (our reading; GD/J 081 leaves it open, so it is fixed here):
 *
 *   M = data ‖ SigTime (4 bytes) ‖ serial (6 bytes)      i.e. data ‖ value[0..10)
 *   e = SM3(Z ‖ M), Z computed with user id "1234567812345678"
 *   r ‖ s = SM2-sign(e)
 *
 * The 10-byte header is appended to the data so that SigTime and serial are
 * authenticated too: nobody can re-date a signature to get it past the freshness
 * window, nor re-label it with another certificate. Appending (not prepending) lets a
 * sender hash a large file as it streams and add the header at the end, and keeps r ‖ s
 * a plain standard SM2 signature of M: `openssl pkeyutl -verify -rawin -digest sm3
 * -pkeyopt distid:1234567812345678` checks it with M as the input file.
 */

/** Length of the signature value (GD/J 081). */
export const SIGNATURE_VALUE_LENGTH = 74;
/** Length of the SigTime ‖ serial header that precedes r ‖ s and is appended to the signed data. */
export const SIGNATURE_HEADER_LENGTH = 10;

const SERIAL_RE = /^[0-9A-Fa-f]{12}$/;

/** A certificate serial in canonical form: 12 uppercase hex digits (48 bits); throws TypeError otherwise. */
export function normalizeCertSerial(serial: string): string {
  if (!SERIAL_RE.test(serial)) throw new TypeError('certificate serial must be 12 hex digits (48 bits)');
  return serial.toUpperCase();
}

/** True for 12 hex digits, either case. */
export function isCertSerial(serial: string): boolean {
  return SERIAL_RE.test(serial);
}

/** Whole UTC seconds of a date, checked to fit the u32 SigTime field. */
export function sigTimeSeconds(date: Date): number {
  const ms = date.getTime();
  const s = Math.floor(ms / 1000);
  if (!Number.isFinite(ms) || s < 0 || s > 0xffffffff) throw new RangeError('SigTime must lie between 1970 and 2106 (u32 UTC seconds)');
  return s;
}

/** The 10-byte header SigTime ‖ serial: the start of the signature value and the tail of the signed message. */
export function signatureHeader(sigTime: Date, certSerial: string): Buffer {
  const header = Buffer.alloc(SIGNATURE_HEADER_LENGTH);
  header.writeUInt32BE(sigTimeSeconds(sigTime), 0);
  Buffer.from(normalizeCertSerial(certSerial), 'hex').copy(header, 4);
  return header;
}

/** A signature value taken apart. */
export interface SignatureValueParts {
  sigTime: Date;
  /** 12 uppercase hex digits. */
  certSerial: string;
  /** The first 10 bytes, exactly as received (they are part of the signed message). */
  header: Buffer;
  /** r ‖ s, 64 bytes. */
  rs: Buffer;
}

/** Splits a 74-byte signature value; undefined for any other length or type. Never throws. */
export function parseSignatureValue(value: unknown): SignatureValueParts | undefined {
  if (!(value instanceof Uint8Array) || value.length !== SIGNATURE_VALUE_LENGTH) return undefined;
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return {
    sigTime: new Date(buf.readUInt32BE(0) * 1000),
    certSerial: buf.subarray(4, 10).toString('hex').toUpperCase(),
    header: Buffer.from(buf.subarray(0, SIGNATURE_HEADER_LENGTH)),
    rs: Buffer.from(buf.subarray(SIGNATURE_HEADER_LENGTH)),
  };
}

/** Joins header and r ‖ s into the 74-byte value. */
export function joinSignatureValue(header: Uint8Array, rs: Uint8Array): Buffer {
  if (header.length !== SIGNATURE_HEADER_LENGTH || rs.length !== 64) throw new TypeError('signature value needs a 10-byte header and a 64-byte r ‖ s');
  return Buffer.concat([header, rs]);
}
