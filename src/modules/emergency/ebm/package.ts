/**
 * The GD/J 083 transport package (digest "Platform-to-platform interface"): one TAR
 * named `EBDT_<EBDID>.tar`, posted as the single multipart part, holding the business
 * file `EBDB_<EBDID>.xml`, its signature `EBDS_EBDB_<EBDID>.xml` and any media files.
 * This module only packs and unpacks; signing and verifying live in platform/crypto.
 */
import { type Ebdid, isEbdid, parseEbdid } from './ids.ts';
import { memberNameProblem, readTar, type TarLimits, TarWriteError, writeTar } from './tar.ts';

/** `EBDT_<EBDID>.tar`, the file name of the multipart part. */
export function ebdTarFileName(ebdid: Ebdid): string {
  return `EBDT_${parseEbdid(ebdid)}.tar`;
}

/** `EBDB_<EBDID>.xml`, the business file. */
export function businessFileName(ebdid: Ebdid): string {
  return `EBDB_${parseEbdid(ebdid)}.xml`;
}

/** `EBDS_EBDB_<EBDID>.xml`, the signature of the business file. */
export function signatureFileName(ebdid: Ebdid): string {
  return `EBDS_${businessFileName(ebdid)}`;
}

/** A media file carried beside the business file (named by an EBM Auxiliary). */
export interface MediaFile {
  name: string;
  bytes: Buffer;
}

/** Input of {@link packEbdTar}. XML given as text is stored as UTF-8. */
export interface EbdPackageInput {
  ebdid: Ebdid;
  businessXml: string | Uint8Array;
  /** The signature file exactly as the signer produced it; never re-serialized here. */
  signatureXml: string | Uint8Array;
  media?: { name: string; bytes: Uint8Array }[];
  /** Modification time stamped on every member; now by default. */
  mtime?: Date;
}

/**
 * Packs an EBD package. Throws TarWriteError for a bad media name (path parts, `..`,
 * over 100 bytes, a clash with the business or signature file).
 */
export function packEbdTar(input: EbdPackageInput): Buffer {
  const business = businessFileName(input.ebdid);
  const signature = signatureFileName(input.ebdid);
  const media = input.media ?? [];
  for (const m of media) {
    const problem = memberNameProblem(m.name);
    if (problem) throw new TarWriteError(`media file refused: ${problem}`);
    if (/^EBD[BS]_/i.test(m.name)) throw new TarWriteError(`media file "${m.name}" would pose as a business or signature file`);
  }
  const bytes = (x: string | Uint8Array): Uint8Array => (typeof x === 'string' ? Buffer.from(x, 'utf8') : x);
  return writeTar(
    [
      { name: business, bytes: bytes(input.businessXml) },
      { name: signature, bytes: bytes(input.signatureXml) },
      ...media,
    ],
    input.mtime ? { mtime: input.mtime } : {},
  );
}

/** What {@link unpackEbdTar} answers; the failure carries the receipt ResultCode (2 or 3). */
export type UnpackEbdTarResult =
  | { ok: true; ebdid: Ebdid; businessXml: Buffer; signatureXml: Buffer; media: MediaFile[] }
  | { ok: false; resultCode: 2 | 3; message: string };

/**
 * Unpacks an EBD package. Never throws. A malformed or refused archive (links, path
 * traversal, oversized members, two business files) is ResultCode 2 (parse failed); a
 * missing business or signature file is 3 (content missing). `expectedEbdid`, when
 * given (from the part's file name), must match the business file's.
 */
export function unpackEbdTar(
  buf: Uint8Array,
  opts: TarLimits & { expectedEbdid?: Ebdid } = {},
): UnpackEbdTarResult {
  const tar = readTar(buf, opts);
  if (!tar.ok) return { ok: false, resultCode: 2, message: `EBD package: ${tar.message}` };
  const businessFiles = tar.members.filter((m) => /^EBDB_\d+\.xml$/i.test(m.name));
  if (businessFiles.length === 0) return { ok: false, resultCode: 3, message: 'EBD package has no EBDB_<EBDID>.xml business file' };
  if (businessFiles.length > 1) {
    return { ok: false, resultCode: 2, message: `EBD package has ${businessFiles.length} business files: ${businessFiles.map((m) => m.name).join(', ')}` };
  }
  const business = businessFiles[0] as (typeof tar.members)[number];
  const id = business.name.slice(5, -4);
  if (!isEbdid(id)) return { ok: false, resultCode: 2, message: `business file name "${business.name}" does not carry a 41-digit EBDID` };
  if (opts.expectedEbdid !== undefined && opts.expectedEbdid !== id) {
    return { ok: false, resultCode: 2, message: `business file is for EBDID ${id}, the package for ${opts.expectedEbdid}` };
  }
  const sigName = `EBDS_${business.name}`.toLowerCase();
  const signature = tar.members.find((m) => m.name.toLowerCase() === sigName);
  if (!signature) return { ok: false, resultCode: 3, message: `EBD package has no signature file EBDS_${business.name}` };
  const strays = tar.members.filter((m) => m !== business && m !== signature && /^EBD[BS]_/i.test(m.name));
  if (strays.length > 0) return { ok: false, resultCode: 2, message: `EBD package has stray EBD files: ${strays.map((m) => m.name).join(', ')}` };
  return {
    ok: true,
    ebdid: id,
    businessXml: business.bytes,
    signatureXml: signature.bytes,
    media: tar.members.filter((m) => m !== business && m !== signature),
  };
}
