/** All SQL of incoming packages and trusted certificates (GD/J 081 authorization list). Every query is scoped to a center. */
import type { Executor } from '../../../platform/db/index.ts';
import type { EbInboundMessagesTable, EbTrustedCertsTable } from '../../../platform/db/schema.ts';
import { containsText } from '../../../platform/db/sql.ts';
import { CertificateTrustList } from '../../../platform/crypto/index.ts';
import { decodeEbrid, isEbrid } from '../ebm/index.ts';
import { platformEbrid } from '../broadcasts/ebm-build.ts';

export type InboundRow = EbInboundMessagesTable;
export type CertRow = EbTrustedCertsTable;

/** A center that may receive packages, with its platform EBRID. */
export interface Receiver {
  id: string;
  code: string;
  platformEbrid: string;
}

function receiverOf(c: { id: string; code: string; area_code: string | null }): Receiver {
  return { id: c.id, code: c.code, platformEbrid: platformEbrid(c.area_code ?? '000000000000') };
}

export async function receiverByCode(exec: Executor, code: string): Promise<Receiver | undefined> {
  const c = await exec.selectFrom('centers').select(['id', 'code', 'area_code']).where('code', '=', code).executeTakeFirst();
  return c && receiverOf(c);
}

/** The one center whose platform EBRID is `dest`; undefined when none or several (ambiguous). */
export async function receiverByEbrid(exec: Executor, dest: string): Promise<Receiver | undefined> {
  if (!isEbrid(dest)) return undefined;
  const area = decodeEbrid(dest).area;
  const found = (await exec.selectFrom('centers').select(['id', 'code', 'area_code']).where('area_code', '=', area).execute())
    .map(receiverOf).filter((r) => r.platformEbrid === dest);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The center's authorization list for incoming packages: its trusted certificates only
 * (its own platform keys are not peers). Keys are not precomputed: one verification per
 * request does not repay the table (see CertificateTrustList).
 */
export async function inboundTrustList(exec: Executor, centerId: string): Promise<CertificateTrustList> {
  const trust = new CertificateTrustList({ precomputeWindow: 1 });
  for (const c of await listCerts(exec, centerId)) {
    trust.add(c.cert_serial, { publicKeyHex: c.public_key, subject: c.subject, validFrom: new Date(c.valid_from), validTo: new Date(c.valid_to), revoked: c.revoked_at !== null }, { precompute: false });
  }
  return trust;
}

export async function insertMessage(tx: Executor, row: InboundRow): Promise<void> {
  await tx.insertInto('eb_inbound_messages').values(row).execute();
}

export async function loadMessage(exec: Executor, centerId: string, id: string): Promise<InboundRow | undefined> {
  return exec.selectFrom('eb_inbound_messages').selectAll().where('center_id', '=', centerId).where('id', '=', id).executeTakeFirst();
}

export interface MessageFilter {
  state?: string;
  q?: string;
  offset: number;
  limit: number;
}

/** A page of the center's incoming packages, newest first; `q` searches title, sender and EBDID. */
export async function listMessages(exec: Executor, centerId: string, f: MessageFilter): Promise<{ rows: InboundRow[]; total: number }> {
  let base = exec.selectFrom('eb_inbound_messages').where('center_id', '=', centerId);
  if (f.state) base = base.where('state', '=', f.state);
  if (f.q) {
    const q = f.q;
    base = base.where((eb) => eb.or([containsText('title', q), containsText('sender_ebrid', q), containsText('ebdid', q), containsText('reason', q)]));
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('received_at', 'desc').orderBy('id').offset(f.offset).limit(f.limit).execute();
  return { rows, total: Number(total.n) };
}

/** Moves a new message to adopted or dismissed; false when it was not new any more (a race lost). */
export async function decideMessage(tx: Executor, centerId: string, id: string, patch: { state: 'adopted' | 'dismissed'; decided_by: string; decided_at: string; decision_note: string | null; broadcast_id: string | null }): Promise<boolean> {
  const r = await tx.updateTable('eb_inbound_messages').set(patch).where('center_id', '=', centerId).where('id', '=', id).where('state', '=', 'new').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The center's areas (code and parent), for limiting an adopted alert to them. */
export async function centerAreas(exec: Executor, centerId: string): Promise<string[]> {
  return (await exec.selectFrom('areas').select('code').where('center_id', '=', centerId).execute()).map((a) => a.code);
}

// ------------------------------------------------------------ state requests

/** What an EBMID names here: a broadcast of ours (by its EBMID, or adopted from an alert with it), or an alert not adopted. */
export type EbmidTarget = { broadcastId: string; startAt: string } | { broadcastId: null };

/**
 * Finds the EBMID among this center's broadcasts, then among the alerts it received: an
 * adopted one leads to its draft (eb_inbound_messages.broadcast_id, set by adopt).
 */
export async function ebmidTarget(exec: Executor, centerId: string, ebmid: string): Promise<EbmidTarget | undefined> {
  const broadcast = (id: string | null) => {
    const q = exec.selectFrom('eb_broadcasts').select(['id', 'start_at']).where('center_id', '=', centerId);
    return (id === null ? q.where('ebmid', '=', ebmid) : q.where('id', '=', id)).executeTakeFirst();
  };
  const own = await broadcast(null);
  if (own) return { broadcastId: own.id, startAt: own.start_at };
  const received = await exec.selectFrom('eb_inbound_messages').select(['state', 'broadcast_id']).where('center_id', '=', centerId).where('ebmid', '=', ebmid)
    .where('state', '<>', 'refused').orderBy('received_at', 'desc').limit(50).execute();
  if (received.length === 0) return undefined;
  const adopted = received.find((m) => m.state === 'adopted' && m.broadcast_id);
  const b = adopted ? await broadcast(adopted.broadcast_id) : undefined;
  return b ? { broadcastId: b.id, startAt: b.start_at } : { broadcastId: null };
}

// ------------------------------------------------------------ peer senders (replay state)

/** A peer's replay state and when it last sent anything here (refusals included). */
export interface SenderRow {
  sender_ebrid: string;
  highest_seq: string;
  last_ebdid: string;
  updated_at: string;
  last_received_at: string | null;
  sender_name: string | null;
}

export async function listSenders(exec: Executor, centerId: string): Promise<SenderRow[]> {
  const rows = await exec.selectFrom('eb_inbound_senders').select(['sender_ebrid', 'highest_seq', 'last_ebdid', 'updated_at'])
    .where('center_id', '=', centerId).orderBy('sender_ebrid').execute();
  if (rows.length === 0) return [];
  const seen = await exec.selectFrom('eb_inbound_messages')
    .select((eb) => ['sender_ebrid', eb.fn.max('received_at').as('last_received_at'), eb.fn.max('sender_name').as('sender_name')])
    .where('center_id', '=', centerId).where('sender_ebrid', 'in', rows.map((r) => r.sender_ebrid)).groupBy('sender_ebrid').execute();
  const by = new Map(seen.map((m) => [m.sender_ebrid, m]));
  return rows.map((r) => ({ ...r, last_received_at: by.get(r.sender_ebrid)?.last_received_at ?? null, sender_name: by.get(r.sender_ebrid)?.sender_name ?? null }));
}

export async function loadSender(exec: Executor, centerId: string, ebrid: string) {
  return exec.selectFrom('eb_inbound_senders').selectAll().where('center_id', '=', centerId).where('sender_ebrid', '=', ebrid).executeTakeFirst();
}

/**
 * Forgets the sender's highest sequence and starts its next epoch. The row stays (not
 * deleted) so the epoch outlives the reset; empty highest_seq / last_ebdid read as "none yet",
 * and updated_at is left alone: it is when the sender last had a package accepted.
 */
export async function resetSender(tx: Executor, centerId: string, ebrid: string): Promise<boolean> {
  const r = await tx.updateTable('eb_inbound_senders')
    .set((eb) => ({ highest_seq: '', last_ebdid: '', sender_epoch: eb('sender_epoch', '+', 1) }))
    .where('center_id', '=', centerId).where('sender_ebrid', '=', ebrid).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ------------------------------------------------------------ trusted certificates

export async function listCerts(exec: Executor, centerId: string): Promise<CertRow[]> {
  return exec.selectFrom('eb_trusted_certs').selectAll().where('center_id', '=', centerId).orderBy('created_at', 'desc').orderBy('cert_serial').execute();
}

export async function loadCert(exec: Executor, centerId: string, serial: string): Promise<CertRow | undefined> {
  return exec.selectFrom('eb_trusted_certs').selectAll().where('center_id', '=', centerId).where('cert_serial', '=', serial).executeTakeFirst();
}

export async function insertCert(tx: Executor, row: CertRow): Promise<void> {
  await tx.insertInto('eb_trusted_certs').values(row).execute();
}

export async function revokeCert(tx: Executor, centerId: string, serial: string, at: string): Promise<boolean> {
  const r = await tx.updateTable('eb_trusted_certs').set({ revoked_at: at }).where('center_id', '=', centerId).where('cert_serial', '=', serial).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
