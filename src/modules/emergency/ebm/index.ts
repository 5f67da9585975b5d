/**
 * Emergency broadcast wire formats: identifiers (GD/J 080/082), the EBD/EBM XML codec
 * (GD/J 082/083), the EBD TAR package (GD/J 083) and CAP 1.2 import/export. Pure code:
 * no I/O, no database, no signing (signatures live in platform/crypto).
 */
export * from './ids.ts';
export * from './time.ts';
export {
  type Auxiliary, AUXILIARY_TYPE, type Dispatch, type Ebm, isDrill, MSG_TYPE, type MsgBasicInfo, type MsgContent,
  type MsgType, SEVERITY, type Severity, validateEbm,
} from './ebm.ts';
export * from './reports.ts';
export { decodeEbdXml, type DecodeEbdResult, EBD_TYPES, type Ebd, type EbdBody, type EbdType, ebdTypeOf, encodeEbdXml } from './ebd.ts';
export type { DecodeResultCode } from './read.ts';
export { DEFAULT_MAX_XML_BYTES, type XmlElement, XmlWriteError } from './xml.ts';
export {
  businessFileName, type EbdPackageInput, ebdTarFileName, type MediaFile, packEbdTar, signatureFileName,
  unpackEbdTar, type UnpackEbdTarResult,
} from './package.ts';
export { DEFAULT_TAR_LIMITS, type TarLimits, TarWriteError } from './tar.ts';
export * from './event-types.ts';
export * from './cap-xml.ts';
export * from './cap.ts';
