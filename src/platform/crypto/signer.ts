/**
 * Who signs. GD/J 081 puts production keys in hardware (crypto cards, UKeys), so
 * business code only ever sees `Signer`; `SoftwareSigner` keeps the key in memory for
 * development, tests and sites without a card. A card driver implements the same
 * interface: it builds M = data ‖ SigTime ‖ serial (see signature-value.ts), lets the
 * card sign it with SM2/SM3 and the default user id, and returns header ‖ r ‖ s.
 */
import { signatureHeader, joinSignatureValue, normalizeCertSerial } from './signature-value.ts';
import { isValidPrivateKey, messageDigest, publicKeyFromPrivateKey, signDigest, SM2_DEFAULT_USER_ID, userIdDigest } from './sm2.ts';

/** Anything that can produce GD/J 081 signature values under one certificate. */
export interface Signer {
  /** Serial of the signing certificate: 12 uppercase hex digits (48 bits). */
  readonly certSerial: string;
  /**
   * The 74-byte signature value SigTime ‖ serial ‖ r ‖ s over `data` ‖ SigTime ‖ serial.
   * `sigTime` defaults to now; it is truncated to whole seconds.
   */
  sign(data: Uint8Array, sigTime?: Date): Promise<Buffer>;
}

/** Options of {@link SoftwareSigner}. */
export interface SoftwareSignerOptions {
  privateKeyHex: string;
  /** 12 hex digits, either case. */
  certSerial: string;
  /** SM2 user id; leave the default unless a peer demands otherwise (GD/J 081 field systems use it). */
  userId?: string;
  /** Source of "now" for signatures without an explicit time; tests pin it. */
  clock?: () => Date;
}

/**
 * A Signer holding its private key in process memory. JavaScript cannot wipe strings,
 * so the key lives until garbage collection: use hardware for production keys.
 */
export class SoftwareSigner implements Signer {
  readonly certSerial: string;
  /** The matching public key, uncompressed lowercase hex: put it in the receivers' trust lists. */
  readonly publicKeyHex: string;
  readonly #privateKeyHex: string;
  readonly #z: Buffer;
  readonly #clock: () => Date;

  constructor(opts: SoftwareSignerOptions) {
    if (!isValidPrivateKey(opts.privateKeyHex)) throw new TypeError('SM2 private key must be 64 hex digits in [1, n-2]');
    this.certSerial = normalizeCertSerial(opts.certSerial);
    this.#privateKeyHex = opts.privateKeyHex.toLowerCase();
    this.publicKeyHex = publicKeyFromPrivateKey(this.#privateKeyHex);
    // Z depends only on key and user id: computed once, not per signature.
    this.#z = userIdDigest(this.publicKeyHex, opts.userId ?? SM2_DEFAULT_USER_ID);
    this.#clock = opts.clock ?? (() => new Date());
  }

  async sign(data: Uint8Array, sigTime?: Date): Promise<Buffer> {
    if (!(data instanceof Uint8Array)) throw new TypeError('data to sign must be a Uint8Array');
    const header = signatureHeader(sigTime ?? this.#clock(), this.certSerial);
    const e = messageDigest(this.#z, data, header);
    return joinSignatureValue(header, signDigest(e, this.#privateKeyHex));
  }

  /** Keeps the private key out of logs and JSON. */
  toJSON(): { certSerial: string; publicKeyHex: string } {
    return { certSerial: this.certSerial, publicKeyHex: this.publicKeyHex };
  }
}
