/**
 * Peer senders as the replay guard knows them (replay.ts): the highest EBDID sequence
 * accepted from each and when it last sent. A peer that reset its counter (a reinstall, a
 * new server) has every package refused OUT_OF_ORDER or REPLAYED until an operator holding
 * eb.keys.manage resets it here: its highest sequence is forgotten and a new epoch begins,
 * so its next package starts afresh and the EBDIDs it sent before no longer count as seen
 * (replays within the new epoch are refused as ever).
 */
import type { Db } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import type { CertActor } from './certs.service.ts';
import * as repo from './repository.ts';

function presentSender(r: repo.SenderRow) {
  // On PostgreSQL a sender's row is made (empty) before its first package is decided; a refused first package leaves it so.
  const known = r.highest_seq !== '';
  const lastSeenAt = r.last_received_at && r.last_received_at > r.updated_at ? r.last_received_at : r.updated_at;
  return {
    sender: r.sender_ebrid, senderName: r.sender_name, highestSeq: known ? r.highest_seq : null, lastEbdid: known ? r.last_ebdid : null,
    lastAcceptedAt: known ? r.updated_at : null, lastSeenAt,
  };
}

export async function listSenders(db: Db, centerId: string) {
  return { items: (await repo.listSenders(db, centerId)).map(presentSender) };
}

/** Forgets a sender's highest sequence and seen EBDIDs (a new epoch, audited with the reason): its next package is judged as a new sender's. */
export async function resetSender(db: Db, who: CertActor, ebrid: string, reason: string) {
  await db.transaction().execute(async (tx) => {
    const row = await repo.loadSender(tx, who.centerId, ebrid);
    if (!row || !(await repo.resetSender(tx, who.centerId, ebrid))) throw appError('EB_INBOUND_SENDER_NOT_FOUND');
    await recordAudit(tx, {
      ...who, action: 'eb.inbound.sender.reset', subjectType: 'eb_inbound_sender', subjectId: ebrid,
      detail: { highestSeq: row.highest_seq || null, lastEbdid: row.last_ebdid || null, epoch: row.sender_epoch + 1, reason: reason.trim() },
    });
  });
  return listSenders(db, who.centerId);
}
