/**
 * EBMStateRequest from a peer platform: "how is broadcast X going?" (GD/J 083). Answered on
 * the same connection with a signed EBD of type EBMStateResponse (RelatedEBD = the request)
 * instead of an EBDResponse: the state is known at once, so there is no later report to wait
 * for. Runs inside receive's transaction, after the request passed the replay check.
 */
import type { Executor } from '../../../platform/db/index.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { centerCoverage } from '../dispatch/index.ts';
import type { Ebmid } from '../ebm/index.ts';
import type { Verified } from './inspect.ts';
import { signedAnswer, type Receipt } from './receipt.ts';
import { stateResponseOf, type Reported } from './state-report.ts';
import type { EbmidTarget, Receiver } from './repository.ts';

/** A peer asks about the center's broadcast as a whole, not as any operator sees it. */
async function reportedOf(tx: Executor, center: Receiver, target: EbmidTarget): Promise<Reported> {
  if (target.broadcastId === null) return { kind: 'notAdopted' };
  const c = await centerCoverage(tx, center.id, target.broadcastId);
  const reachedAreas = c.byArea.filter((a) => a.playing + a.stopped > 0).map((a) => a.areaCode).sort();
  return { kind: 'broadcast', status: c.status, startAt: target.startAt, total: c.total, reached: c.reached, reachedAreas };
}

/** The signed EBMStateResponse for `ebmid` (found by the caller: `target`), audited as `eb.inbound.state_request`. */
export async function answerStateRequest(tx: Executor, dataDir: string, center: Receiver, ip: string | null, v: Verified, ebmid: Ebmid, target: EbmidTarget): Promise<Receipt> {
  const report = stateResponseOf(ebmid, await reportedOf(tx, center, target));
  await recordAudit(tx, {
    centerId: center.id, actor: null, ip, action: 'eb.inbound.state_request',
    subjectType: target.broadcastId ? 'eb_broadcast' : null, subjectId: target.broadcastId,
    detail: { sender: v.sender, ebdid: v.ebdid, certSerial: v.certSerial, ebmid, brdStateCode: report.brdStateCode, terminals: report.coverage?.resBrdStat?.terminals ?? null },
  });
  return signedAnswer(tx, dataDir, center.id, { platformEbrid: center.platformEbrid, to: v.sender, related: v.ebdid, body: { kind: 'EBMStateResponse', ebmStateResponse: report } });
}
