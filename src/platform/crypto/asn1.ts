/**
 * The little DER that SM2 interop needs: signatures as SEQUENCE { r, s } (what OpenSSL,
 * crypto cards and GM/T 0009 use) and keys as PEM (SubjectPublicKeyInfo, PKCS#8), in
 * the layout `openssl genpkey -algorithm SM2` writes: id-ecPublicKey with the SM2 curve
 * OID 1.2.156.10197.1.301 as parameters.
 *
 * Node's KeyObject is not used: it does not know SM2 keys (no JWK, asymmetricKeyType
 * undefined) and `export({ type: 'sec1' })` on one aborts the process (Node 20.20).
 */
import { isValidPrivateKey, isValidPublicKey, publicKeyFromPrivateKey } from './sm2.ts';

/** AlgorithmIdentifier { id-ecPublicKey, sm2 curve }. */
const ALGORITHM_ID = Buffer.from('301306072a8648ce3d020106082a811ccf5501822d', 'hex');
/** The SM2 algorithm OID on its own, as some older tools write it in place of id-ecPublicKey. */
const SM2_OID = Buffer.from('06082a811ccf5501822d', 'hex');

interface Tlv {
  tag: number;
  value: Buffer;
  /** Offset just past this element. */
  end: number;
}

/** Reads one DER element at `at`; undefined when truncated or not minimal-length DER. */
function readTlv(buf: Buffer, at: number): Tlv | undefined {
  if (at + 2 > buf.length) return undefined;
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || p + n > buf.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | buf[p + i]!;
    if (len < 0x80) return undefined;
    p += n;
  }
  if (p + len > buf.length) return undefined;
  return { tag, value: buf.subarray(p, p + len), end: p + len };
}

/** The elements inside a constructed value; undefined if they do not fill it exactly. */
function children(value: Buffer): Tlv[] | undefined {
  const out: Tlv[] = [];
  for (let at = 0; at < value.length; ) {
    const t = readTlv(value, at);
    if (!t) return undefined;
    out.push(t);
    at = t.end;
  }
  return out;
}

function encodeTlv(tag: number, value: Buffer): Buffer {
  const len = value.length;
  const head = len < 0x80 ? [tag, len] : len < 0x100 ? [tag, 0x81, len] : [tag, 0x82, len >> 8, len & 0xff];
  return Buffer.concat([Buffer.from(head), value]);
}

/** A non-negative big-endian integer as a minimal DER INTEGER. */
function encodeUnsignedInteger(bytes: Uint8Array): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const trimmed = Buffer.from(bytes.subarray(i));
  return encodeTlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** r ‖ s (64 bytes) → DER SEQUENCE { INTEGER r, INTEGER s }. */
export function signatureToDer(rs: Uint8Array): Buffer {
  if (rs.length !== 64) throw new TypeError('SM2 signature r ‖ s must be 64 bytes');
  return encodeTlv(0x30, Buffer.concat([encodeUnsignedInteger(rs.subarray(0, 32)), encodeUnsignedInteger(rs.subarray(32))]));
}

/** DER SEQUENCE { r, s } → r ‖ s (64 bytes); undefined if malformed. */
export function signatureFromDer(der: Uint8Array): Buffer | undefined {
  const buf = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  const seq = readTlv(buf, 0);
  if (!seq || seq.tag !== 0x30 || seq.end !== buf.length) return undefined;
  const ints = children(seq.value);
  if (!ints || ints.length !== 2) return undefined;
  const out = Buffer.alloc(64);
  for (const [k, t] of ints.entries()) {
    // Positive, minimal INTEGERs only: a leading 00 must be a sign byte.
    if (t.tag !== 0x02 || t.value.length === 0 || t.value[0]! & 0x80) return undefined;
    if (t.value[0] === 0 && t.value.length > 1 && !(t.value[1]! & 0x80)) return undefined;
    const v = t.value[0] === 0 && t.value.length > 1 ? t.value.subarray(1) : t.value;
    if (v.length > 32) return undefined;
    v.copy(out, k * 32 + 32 - v.length);
  }
  return out;
}

function toPem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function fromPem(label: string, pem: string): Buffer | undefined {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  return m ? Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64') : undefined;
}

/** True for an AlgorithmIdentifier naming an SM2 key. */
function isSm2Algorithm(alg: Tlv): boolean {
  const der = encodeTlv(alg.tag, alg.value);
  return der.equals(ALGORITHM_ID) || (alg.tag === 0x30 && alg.value.subarray(0, SM2_OID.length).equals(SM2_OID));
}

/** An uncompressed public key as a SubjectPublicKeyInfo PEM (`openssl pkeyutl -pubin` reads it). */
export function publicKeyToPem(publicKeyHex: string): string {
  if (!isValidPublicKey(publicKeyHex)) throw new TypeError('not a valid SM2 public key');
  const bitString = encodeTlv(0x03, Buffer.concat([Buffer.from([0]), Buffer.from(publicKeyHex, 'hex')]));
  return toPem('PUBLIC KEY', encodeTlv(0x30, Buffer.concat([ALGORITHM_ID, bitString])));
}

/** The uncompressed public key (lowercase hex) of a SubjectPublicKeyInfo PEM; throws TypeError if it is not SM2. */
export function publicKeyFromPem(pem: string): string {
  const der = fromPem('PUBLIC KEY', pem);
  const spki = der && readTlv(der, 0);
  const parts = spki && spki.tag === 0x30 ? children(spki.value) : undefined;
  if (!parts || parts.length !== 2 || !isSm2Algorithm(parts[0]!) || parts[1]!.tag !== 0x03) {
    throw new TypeError('not an SM2 SubjectPublicKeyInfo PEM');
  }
  const hex = parts[1]!.value.subarray(1).toString('hex');
  if (parts[1]!.value[0] !== 0 || !isValidPublicKey(hex)) throw new TypeError('the PEM holds no valid uncompressed SM2 public key');
  return hex;
}

/** A private key as PKCS#8 PEM (the layout of `openssl genpkey -algorithm SM2`). Unencrypted: protect the file. */
export function privateKeyToPem(privateKeyHex: string): string {
  const publicKeyHex = publicKeyFromPrivateKey(privateKeyHex);
  const ecPrivateKey = encodeTlv(
    0x30,
    Buffer.concat([
      Buffer.from('020101', 'hex'),
      encodeTlv(0x04, Buffer.from(privateKeyHex, 'hex')),
      encodeTlv(0xa1, encodeTlv(0x03, Buffer.concat([Buffer.from([0]), Buffer.from(publicKeyHex, 'hex')]))),
    ]),
  );
  return toPem('PRIVATE KEY', encodeTlv(0x30, Buffer.concat([Buffer.from('020100', 'hex'), ALGORITHM_ID, encodeTlv(0x04, ecPrivateKey)])));
}

/** The private key (64 lowercase hex) of an unencrypted PKCS#8 PEM; throws TypeError if it is not SM2. */
export function privateKeyFromPem(pem: string): string {
  const der = fromPem('PRIVATE KEY', pem);
  const p8 = der && readTlv(der, 0);
  const parts = p8 && p8.tag === 0x30 ? children(p8.value) : undefined;
  if (!parts || parts.length < 3 || parts[0]!.tag !== 0x02 || !isSm2Algorithm(parts[1]!) || parts[2]!.tag !== 0x04) {
    throw new TypeError('not an unencrypted SM2 PKCS#8 PEM');
  }
  const ec = readTlv(parts[2]!.value, 0);
  const fields = ec && ec.tag === 0x30 ? children(ec.value) : undefined;
  const d = fields?.[1];
  if (!d || d.tag !== 0x04 || d.value.length > 32) throw new TypeError('the PKCS#8 PEM holds no SM2 private key');
  const hex = d.value.toString('hex').padStart(64, '0');
  if (!isValidPrivateKey(hex)) throw new TypeError('the PKCS#8 PEM holds an out-of-range SM2 private key');
  return hex;
}
