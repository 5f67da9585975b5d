/**
 * SM2-over-SM3 signatures as GD/J 081 prescribes them for the emergency broadcast
 * system, behind a `Signer` interface so a hardware crypto card can take over.
 *
 *   sign:    signer.sign(data)                      → 74-byte value SigTime ‖ serial ‖ r ‖ s
 *   verify:  verifySignatureValue(data, value, trustList, { now, maxSkewSeconds })
 *   replay:  replayGuard.check(sender, seq, messageId, sigTime)   after verification
 *   files:   signEbdFile / verifyEbdSignatureFile for EBDS_EBDB_<EBDID>.xml (GD/J 083)
 *
 * What exactly is signed is documented in signature-value.ts.
 */
export { sm3, sm3Hex, sm3Stream } from './sm3.ts';
export {
  SM2_DEFAULT_USER_ID,
  generateKeyPair,
  isValidPrivateKey,
  isValidPublicKey,
  publicKeyFromPrivateKey,
  preparePublicKey,
  signMessage,
  verifyMessage,
} from './sm2.ts';
export type { Sm2KeyPair, PreparedPublicKey } from './sm2.ts';
export { publicKeyToPem, publicKeyFromPem, privateKeyToPem, privateKeyFromPem, signatureToDer, signatureFromDer } from './asn1.ts';
export {
  SIGNATURE_VALUE_LENGTH,
  normalizeCertSerial,
  isCertSerial,
  parseSignatureValue,
  signatureHeader,
  joinSignatureValue,
} from './signature-value.ts';
export type { SignatureValueParts } from './signature-value.ts';
export { SoftwareSigner } from './signer.ts';
export type { Signer, SoftwareSignerOptions } from './signer.ts';
export { CertificateTrustList } from './trust.ts';
export type { TrustList, TrustEntry, TrustedCertificate, CertificateTrustListOptions } from './trust.ts';
export { verifySignatureValue, DEFAULT_MAX_SKEW_SECONDS } from './verify.ts';
export type { VerifyFailure, VerifyResult, VerifyOptions } from './verify.ts';
export { ReplayGuard } from './replay.ts';
export type { ReplayVerdict, ReplayGuardOptions, ReplayGuardSnapshot } from './replay.ts';
export { signatureXml, parseSignatureXml, signEbdFile, verifyEbdSignatureFile, beijingTime } from './signature-xml.ts';
export type { SignatureFileInput, ParsedSignatureFile, SignatureXmlParseResult } from './signature-xml.ts';
