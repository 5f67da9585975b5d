/**
 * SM3 (GB/T 32905), the digest GD/J 081 prescribes everywhere: signatures, and the
 * digests of media files an EBM's Auxiliary names. Node's OpenSSL 3 has it natively;
 * it is far faster than a JavaScript implementation on large files.
 */
import { createHash, type Hash } from 'node:crypto';

/** SM3 of bytes, or of a string encoded as UTF-8. */
export function sm3(data: Uint8Array | string): Buffer {
  return createHash('sm3').update(data).digest();
}

/** SM3 as 64 lowercase hex digits. */
export function sm3Hex(data: Uint8Array | string): string {
  return createHash('sm3').update(data).digest('hex');
}

/** An incremental SM3 for data that arrives in pieces (files, streams). */
export function sm3Stream(): Hash {
  return createHash('sm3');
}
