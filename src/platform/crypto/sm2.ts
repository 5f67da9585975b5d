/**
 * SM2 signatures (GB/T 32918.2, GM/T 0003.2) over SM3, as GD/J 081 uses them.
 *
 * The curve arithmetic comes from sm-crypto-v2; everything around it is done here:
 *   Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA)      once per key, cached
 *   e = SM3(Z ‖ M)                                      Node's native SM3, streamed
 *   (r, s) = SM2 over e                                  sm-crypto-v2, without its hashing
 * sm-crypto-v2's own `hash: true` turns the whole message into a hex string and back
 * and recomputes Z on every call; with hundreds of KB of XML that dominates. The
 * result is the standard signature: tests check it against sm-crypto 0.5.8 and the
 * OpenSSL command line (`-pkeyopt distid:1234567812345678`).
 *
 * Node's own crypto cannot be used for the signature itself: an `ec` key on the SM2
 * curve signs ECDSA, and an imported SM2 key uses an empty user id.
 */
import { sm2 } from 'sm-crypto-v2';
import { sm3Stream } from './sm3.ts';

/** The user id GD/J 081 field systems use; the default of GB/T 32918 / GM/T 0009. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** SM2 curve parameters (GB/T 32918.5), as 32-byte big-endian hex. */
const CURVE = {
  a: 'fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc',
  b: '28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93',
  gx: '32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7',
  gy: 'bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0',
} as const;
/** The order n of the base point. */
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

/** A precomputed public key point, as sm-crypto-v2 returns it. */
export type Sm2Point = ReturnType<typeof sm2.precomputePublicKey>;

/** The base point G (noble's, with its precomputed window), reached through a point sm-crypto-v2 returns. */
const BASE: Sm2Point = (sm2.precomputePublicKey(`04${CURVE.gx}${CURVE.gy}`, 1).constructor as unknown as { BASE: Sm2Point }).BASE;

/** An SM2 key pair: private key 64 hex digits, public key uncompressed (04 ‖ x ‖ y, 130 hex). */
export interface Sm2KeyPair {
  privateKeyHex: string;
  publicKeyHex: string;
}

/** Creates a key pair from a cryptographically secure random source. */
export function generateKeyPair(): Sm2KeyPair {
  for (;;) {
    const kp = sm2.generateKeyPairHex();
    // GB/T 32918.1 wants d in [1, n-2] (1 + d must be invertible); n-1 is astronomically rare.
    if (isValidPrivateKey(kp.privateKey)) return { privateKeyHex: kp.privateKey.toLowerCase(), publicKeyHex: kp.publicKey.toLowerCase() };
  }
}

/** True for 64 hex digits d with 1 ≤ d ≤ n-2. */
export function isValidPrivateKey(privateKeyHex: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(privateKeyHex)) return false;
  const d = BigInt(`0x${privateKeyHex}`);
  return d >= 1n && d <= N - 2n;
}

/** True for an uncompressed public key (04 ‖ x ‖ y) that is a point of the curve. */
export function isValidPublicKey(publicKeyHex: string): boolean {
  if (!/^04[0-9a-fA-F]{128}$/.test(publicKeyHex)) return false;
  try {
    return sm2.verifyPublicKey(publicKeyHex);
  } catch {
    return false;
  }
}

/** The public key (uncompressed, lowercase hex) of a private key. */
export function publicKeyFromPrivateKey(privateKeyHex: string): string {
  if (!isValidPrivateKey(privateKeyHex)) throw new TypeError('SM2 private key must be 64 hex digits in [1, n-2]');
  return sm2.getPublicKeyFromPrivateKey(privateKeyHex.toLowerCase()).toLowerCase();
}

/** Z_A of GB/T 32918.2 §5.5: binds the signer's identity and key into every digest. */
export function userIdDigest(publicKeyHex: string, userId: string = SM2_DEFAULT_USER_ID): Buffer {
  if (!/^04[0-9a-fA-F]{128}$/.test(publicKeyHex)) throw new TypeError('SM2 public key must be uncompressed: 04 followed by 128 hex digits');
  const id = Buffer.from(userId, 'utf8');
  const entlen = id.length * 8;
  if (entlen > 0xffff) throw new RangeError('SM2 user id is too long (ENTL is 16 bits)');
  return sm3Stream()
    .update(Buffer.from([entlen >> 8, entlen & 0xff]))
    .update(id)
    .update(Buffer.from(CURVE.a + CURVE.b + CURVE.gx + CURVE.gy + publicKeyHex.slice(2), 'hex'))
    .digest();
}

/** e = SM3(Z ‖ part₁ ‖ part₂ ‖ …): the message is the parts, concatenated, never copied. */
export function messageDigest(z: Uint8Array, ...parts: Uint8Array[]): Buffer {
  const h = sm3Stream().update(z);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Signs a 32-byte digest e; returns r ‖ s (64 bytes). */
export function signDigest(e: Uint8Array, privateKeyHex: string): Buffer {
  if (e.length !== 32) throw new TypeError('SM2 digest must be 32 bytes');
  // hash defaults to false in sm-crypto-v2: e is used as is.
  const rs = Buffer.from(sm2.doSignature(e, privateKeyHex), 'hex');
  if (rs.length !== 64) throw new Error('SM2 signature has an unexpected length');
  return rs;
}

/** A public key made ready for repeated verification: parsed, Z cached, optionally precomputed. */
export interface PreparedPublicKey {
  readonly publicKeyHex: string;
  /** Z for the user id the key was prepared with. */
  readonly z: Buffer;
  readonly point: Sm2Point;
  /** The wNAF window of the point's precomputed multiples; 1 = none. */
  readonly window: number;
}

/**
 * Parses and checks a public key and computes its Z. `window` > 1 precomputes multiples
 * of the point (sm-crypto-v2's `precomputePublicKey`): verification gets several times
 * faster at a one-off cost. Measured on this machine: window 8 costs ~100 ms and
 * ~650 KB per key; window 4 ~8 ms and ~50 KB. Throws TypeError on an invalid key.
 */
export function preparePublicKey(publicKeyHex: string, opts: { window?: number; userId?: string } = {}): PreparedPublicKey {
  const window = opts.window ?? 8;
  if (!Number.isInteger(window) || window < 1 || window > 16) throw new RangeError('precompute window must be an integer in 1..16');
  if (!isValidPublicKey(publicKeyHex)) throw new TypeError('not a valid SM2 public key (uncompressed 04 ‖ x ‖ y on the curve)');
  const hex = publicKeyHex.toLowerCase();
  // sm-crypto-v2's precompute also multiplies the point by 3 once (noble warms its cache
  // so); without a window that is only cost: ~4 ms per key, paid on every new terminal.
  const point = window === 1 ? (BASE.constructor as unknown as { fromHex(h: string): Sm2Point }).fromHex(hex) : sm2.precomputePublicKey(hex, window);
  return { publicKeyHex: hex, z: userIdDigest(hex, opts.userId), point, window };
}

/**
 * Verifies r ‖ s over a digest e. Never throws: anything malformed is false.
 * r and s must lie in [1, n-1] (GB/T 32918.2 §7.1 B1, B2); sm-crypto-v2 does not check.
 */
export function verifyDigest(e: Uint8Array, rs: Uint8Array, key: PreparedPublicKey): boolean {
  if (e.length !== 32 || rs.length !== 64) return false;
  const rsHex = Buffer.from(rs.buffer, rs.byteOffset, rs.byteLength).toString('hex');
  const r = BigInt(`0x${rsHex.slice(0, 64)}`);
  const s = BigInt(`0x${rsHex.slice(64)}`);
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  // GB/T 32918.2 §7.1: t = (r + s) mod n ≠ 0; (x1, y1) = [s]G + [t]P; valid iff (e + x1) mod n = r.
  // Written here rather than through sm2.doVerifySignature, which multiplies in constant
  // time: a verification handles only public values, so noble's faster variable-time
  // multiply-and-add (using each point's precomputed window) is safe and about twice as fast.
  const t = (r + s) % N;
  if (t === 0n) return false;
  try {
    const point = BASE.multiplyAndAddUnsafe(key.point, s, t);
    if (!point) return false;
    return (BigInt(`0x${Buffer.from(e).toString('hex')}`) + point.toAffine().x) % N === r;
  } catch {
    return false;
  }
}

/** A plain standard SM2 signature r ‖ s of a message (no SigTime, no serial). For interop tests and tools. */
export function signMessage(message: Uint8Array, privateKeyHex: string, userId: string = SM2_DEFAULT_USER_ID): Buffer {
  const z = userIdDigest(publicKeyFromPrivateKey(privateKeyHex), userId);
  return signDigest(messageDigest(z, message), privateKeyHex);
}

/** Verifies a plain standard SM2 signature r ‖ s of a message. Never throws. */
export function verifyMessage(message: Uint8Array, rs: Uint8Array, key: PreparedPublicKey): boolean {
  return verifyDigest(messageDigest(key.z, message), rs, key);
}
