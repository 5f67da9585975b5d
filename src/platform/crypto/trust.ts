/**
 * The authorization list: the only certificates whose signatures a receiver accepts
 * (GD/J 081: receivers trust the sender certificates their authorization list names).
 * Keys are parsed, checked and given their Z once, when they enter the list, so a
 * verification does no key work beyond the curve arithmetic itself.
 */
import { normalizeCertSerial } from './signature-value.ts';
import { preparePublicKey, type PreparedPublicKey } from './sm2.ts';

/** A certificate as the authorization list describes it. */
export interface TrustedCertificate {
  /** Uncompressed SM2 public key, 04 ‖ x ‖ y, hex. */
  publicKeyHex: string;
  /** Who holds it, e.g. the sender's resource code (EBRID) or name. */
  subject: string;
  validFrom: Date;
  validTo: Date;
  revoked?: boolean;
}

/** A trusted certificate with its key ready for verification. */
export interface TrustEntry extends Readonly<TrustedCertificate> {
  /** 12 uppercase hex digits. */
  readonly certSerial: string;
  readonly key: PreparedPublicKey;
}

/** Looks up certificates by serial. Implementations prepare keys with `preparePublicKey`. */
export interface TrustList {
  /** The entry for a serial in canonical form (12 uppercase hex digits), if listed. */
  get(certSerial: string): TrustEntry | undefined;
}

/** Options of {@link CertificateTrustList}. */
export interface CertificateTrustListOptions {
  /** wNAF window for precomputed keys (default 8: fastest verification, ~650 KB per key). */
  precomputeWindow?: number;
  /**
   * At most this many keys are precomputed (default 64), in the order they are added;
   * the rest verify without precomputation (several times slower, no memory). Add the
   * hot keys (upper platforms) first. A fixed set rather than an LRU: an LRU would
   * thrash under thousands of terminal keys, paying ~100 ms per eviction.
   */
  maxPrecomputedKeys?: number;
}

/** An in-memory authorization list. */
export class CertificateTrustList implements TrustList {
  readonly #entries = new Map<string, TrustEntry>();
  readonly #window: number;
  readonly #maxPrecomputed: number;
  #precomputed = 0;

  constructor(opts: CertificateTrustListOptions = {}) {
    this.#window = opts.precomputeWindow ?? 8;
    this.#maxPrecomputed = opts.maxPrecomputedKeys ?? 64;
    if (!Number.isInteger(this.#maxPrecomputed) || this.#maxPrecomputed < 0) throw new RangeError('maxPrecomputedKeys must be a non-negative integer');
  }

  /**
   * Adds or replaces a certificate. Throws TypeError on a malformed serial, an invalid
   * key or dates in the wrong order: the list is configuration, and bad configuration
   * must fail loudly. `precompute: false` keeps a rarely used key cheap.
   */
  add(certSerial: string, cert: TrustedCertificate, opts: { precompute?: boolean } = {}): TrustEntry {
    const serial = normalizeCertSerial(certSerial);
    if (!(cert.validFrom instanceof Date) || !(cert.validTo instanceof Date) || !(cert.validFrom.getTime() <= cert.validTo.getTime())) {
      throw new TypeError(`certificate ${serial}: validFrom must be a date not after validTo`);
    }
    this.delete(serial);
    const wantPrecompute = (opts.precompute ?? true) && this.#window > 1 && this.#precomputed < this.#maxPrecomputed;
    const key = preparePublicKey(cert.publicKeyHex, { window: wantPrecompute ? this.#window : 1 });
    if (key.window > 1) this.#precomputed++;
    const entry: TrustEntry = Object.freeze({
      certSerial: serial,
      publicKeyHex: key.publicKeyHex,
      subject: cert.subject,
      validFrom: new Date(cert.validFrom),
      validTo: new Date(cert.validTo),
      revoked: cert.revoked === true,
      key,
    });
    this.#entries.set(serial, entry);
    return entry;
  }

  /** Marks a certificate revoked (it stays listed, so verification can say why it fails). */
  revoke(certSerial: string): boolean {
    const serial = normalizeCertSerial(certSerial);
    const e = this.#entries.get(serial);
    if (!e) return false;
    this.#entries.set(serial, Object.freeze({ ...e, revoked: true }));
    return true;
  }

  /** Removes a certificate; signatures under it become UNKNOWN_CERTIFICATE. */
  delete(certSerial: string): boolean {
    const serial = normalizeCertSerial(certSerial);
    const e = this.#entries.get(serial);
    if (!e) return false;
    if (e.key.window > 1) this.#precomputed--;
    return this.#entries.delete(serial);
  }

  /** The entry for a serial, either case. */
  get(certSerial: string): TrustEntry | undefined {
    return typeof certSerial === 'string' ? this.#entries.get(certSerial.toUpperCase()) : undefined;
  }

  /** Number of listed certificates. */
  get size(): number {
    return this.#entries.size;
  }

  /** The listed certificates, without their prepared keys (for display and persistence). */
  list(): Array<TrustedCertificate & { certSerial: string }> {
    return [...this.#entries.values()].map(({ key: _key, ...c }) => ({ ...c, validFrom: new Date(c.validFrom), validTo: new Date(c.validTo) }));
  }
}
