/**
 * Anti-replay for incoming packages, persisted by the receiver (GD/J 081 demands
 * anti-replay without saying how; the digest's answer). The freshness window is checked
 * with the signature (inspect.ts); here, per (center, sender):
 *   - the highest accepted EBDID sequence, in `eb_inbound_senders`, row-locked while a
 *     package from that sender is decided; a sequence more than REORDER_WINDOW below it
 *     is OUT_OF_ORDER, the highest itself is REPLAYED;
 *   - the EBDIDs accepted so far in the sender's current epoch: `eb_inbound_messages` has
 *     a unique index on (center_id, sender_ebrid, sender_epoch, ebdid) for every row that
 *     is not a refusal, so even two copies racing in at once are accepted once. An
 *     operator's reset (senders.service.ts) raises the epoch: a peer that restarted its
 *     counter may then reuse the EBDIDs of before.
 * A small window below the highest lets packets a peer sent in parallel overtake each
 * other (the idea of IPsec's anti-replay window, RFC 4303 §3.4.3).
 */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/index.ts';
import { engineOf } from '../../../platform/db/engine.ts';

/** How far below the highest accepted sequence an unseen package is still accepted. */
export const REORDER_WINDOW = 64n;

export type SequenceVerdict = 'ok' | 'REPLAYED' | 'OUT_OF_ORDER';

/** Pure decision on a sequence, given the sender's highest and whether the EBDID was accepted before. */
export function sequenceVerdict(highest: bigint | undefined, seq: bigint, seenBefore: boolean): SequenceVerdict {
  if (seenBefore) return 'REPLAYED';
  if (highest === undefined || seq > highest) return 'ok';
  if (seq === highest) return 'REPLAYED';
  return highest - seq > REORDER_WINDOW ? 'OUT_OF_ORDER' : 'ok';
}

/**
 * Locks the sender's row (created if new) inside `tx` and decides. On 'ok' the caller
 * stores the package, with the returned epoch, and then calls {@link recordSequence} in
 * the same transaction.
 */
export async function checkSequence(tx: Executor, centerId: string, sender: string, ebdid: string, seq: bigint): Promise<{ verdict: SequenceVerdict; highest?: bigint; epoch: number }> {
  if (engineOf(tx) === 'postgres') {
    await tx.insertInto('eb_inbound_senders').values({ center_id: centerId, sender_ebrid: sender, highest_seq: '', last_ebdid: '', updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['center_id', 'sender_ebrid']).doNothing()).execute();
    await sql`SELECT 1 FROM eb_inbound_senders WHERE center_id = ${centerId} AND sender_ebrid = ${sender} FOR UPDATE`.execute(tx);
  }
  const row = await tx.selectFrom('eb_inbound_senders').select(['highest_seq', 'sender_epoch']).where('center_id', '=', centerId).where('sender_ebrid', '=', sender).executeTakeFirst();
  const highest = row && row.highest_seq !== '' ? BigInt(row.highest_seq) : undefined;
  const epoch = row?.sender_epoch ?? 0;
  const seen = await tx.selectFrom('eb_inbound_messages').select('id').where('center_id', '=', centerId).where('sender_ebrid', '=', sender).where('sender_epoch', '=', epoch)
    .where('ebdid', '=', ebdid).where('state', '<>', 'refused').executeTakeFirst();
  return { verdict: sequenceVerdict(highest, seq, !!seen), epoch, ...(highest !== undefined ? { highest } : {}) };
}

/** Raises the sender's highest sequence (never lowers it). */
export async function recordSequence(tx: Executor, centerId: string, sender: string, ebdid: string, seq: bigint, highest: bigint | undefined): Promise<void> {
  if (highest !== undefined && seq <= highest) return;
  const now = new Date().toISOString();
  const padded = seq.toString().padStart(16, '0');
  await tx.insertInto('eb_inbound_senders').values({ center_id: centerId, sender_ebrid: sender, highest_seq: padded, last_ebdid: ebdid, updated_at: now })
    .onConflict((oc) => oc.columns(['center_id', 'sender_ebrid']).doUpdateSet({ highest_seq: padded, last_ebdid: ebdid, updated_at: now })).execute();
}
