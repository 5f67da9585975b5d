/**
 * The receipt a receiver answers on the same connection (GD/J 083): an EBD of type
 * EBDResponse { ResultCode, ResultDesc }, RelatedEBD naming the package it answers,
 * signed with the platform's key and packed as `EBDT_<EBDID>.tar` like any package.
 * A state request is answered the same way with an EBMStateResponse (state-report.ts).
 */
import type { Executor } from '../../../platform/db/index.ts';
import { signEbdFile } from '../../../platform/crypto/index.ts';
import { encodeEbdXml, packEbdTar, parseEbrid, type Ebd, type EbdBody, type Ebdid, type ResultCode } from '../ebm/index.ts';
import { allocateEbdid } from '../broadcasts/ebm-build.ts';
import { platformSigner } from '../broadcasts/keys.ts';

export interface Receipt {
  ebdid: Ebdid;
  tar: Buffer;
}

/** ResultDesc is free text for the peer's operators; keep it short. */
const MAX_DESC = 500;

/**
 * Builds and signs the receipt. `to` is the sender's EBRID when known; a package whose
 * sender could not be read is answered to this platform's own EBRID (the field is required).
 */
export async function signedReceipt(
  tx: Executor, dataDir: string, centerId: string,
  r: { platformEbrid: string; to?: string; related?: Ebdid; resultCode: ResultCode; desc: string },
): Promise<Receipt> {
  return signedAnswer(tx, dataDir, centerId, {
    platformEbrid: r.platformEbrid, ...(r.to ? { to: r.to } : {}), ...(r.related ? { related: r.related } : {}),
    body: { kind: 'EBDResponse', ebdResponse: { resultCode: r.resultCode, resultDesc: r.desc.slice(0, MAX_DESC) } },
  });
}

/** Any answer on the same connection (a receipt, a state report), signed and packed the same way. */
export async function signedAnswer(
  tx: Executor, dataDir: string, centerId: string,
  r: { platformEbrid: string; to?: string; related?: Ebdid; body: EbdBody },
): Promise<Receipt> {
  const signer = await platformSigner(tx, dataDir, centerId);
  const ebdid = await allocateEbdid(tx, centerId, r.platformEbrid);
  const now = new Date();
  const ebd: Ebd = {
    ebdVersion: '1', ebdid,
    src: { ebrid: parseEbrid(r.platformEbrid) },
    dest: { ebrid: parseEbrid(r.to ?? r.platformEbrid) },
    ebdTime: now,
    ...(r.related ? { relatedEbdid: r.related } : {}),
    body: r.body,
  };
  const xml = Buffer.from(encodeEbdXml(ebd), 'utf8');
  const signature = await signEbdFile(signer, ebdid, xml, now);
  return { ebdid, tar: packEbdTar({ ebdid, businessXml: xml, signatureXml: signature, mtime: now }) };
}
