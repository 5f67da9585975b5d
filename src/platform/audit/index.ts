/**
 * The audit log: an append-only, hash-chained record of every state-changing action.
 * `recordAudit` must be called with the transaction of the change it records, so an
 * action and its record commit together or not at all.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../db/index.ts';
import { engineOf } from '../db/engine.ts';
import { auditHash, GENESIS_HASH } from './chain.ts';

export { auditHash, GENESIS_HASH } from './chain.ts';

export interface AuditEntry {
  centerId: string;
  actor: { id: string; name: string } | null;
  /** `module.subject.verb`, e.g. `identity.user.create`. */
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  beforeId?: string | null;
  afterId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends one entry to the center's chain. Call inside the change's transaction. */
export async function recordAudit(tx: Executor, e: AuditEntry): Promise<void> {
  const head = await lockHead(tx, e.centerId);
  const row = {
    id: randomUUID(),
    center_id: e.centerId,
    seq: head.seq + 1,
    at: new Date().toISOString(),
    actor_id: e.actor?.id ?? null,
    actor_name: e.actor?.name ?? null,
    action: e.action,
    subject_type: e.subjectType ?? null,
    subject_id: e.subjectId ?? null,
    before_id: e.beforeId ?? null,
    after_id: e.afterId ?? null,
    ip: e.ip ?? null,
    detail: JSON.stringify(e.detail ?? {}),
    prev_hash: head.hash,
  };
  const hash = auditHash(row);
  await tx.insertInto('audit_log').values({ ...row, hash }).execute();
  await tx.updateTable('audit_heads').set({ seq: row.seq, hash }).where('center_id', '=', e.centerId).execute();
}

/**
 * Takes the center's chain head under a row lock (PostgreSQL), so two concurrent
 * transactions cannot both append seq n+1. SQLite serializes writers by itself.
 */
async function lockHead(tx: Executor, centerId: string): Promise<{ seq: number; hash: string }> {
  await tx
    .insertInto('audit_heads')
    .values({ center_id: centerId, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('center_id').doNothing())
    .execute();
  let q = tx.selectFrom('audit_heads').select(['seq', 'hash']).where('center_id', '=', centerId);
  if (engineOf(tx) === 'postgres') q = q.forUpdate();
  const head = await q.executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash };
}

export interface VerifyProblem {
  centerId: string;
  seq: number;
  problem: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: VerifyProblem[];
}

/** Re-computes every chain (or one center's) and lists each break it finds. */
export async function verifyAuditChain(db: Db, centerId?: string): Promise<VerifyResult> {
  let heads = db.selectFrom('audit_heads').selectAll();
  if (centerId) heads = heads.where('center_id', '=', centerId);
  const problems: VerifyProblem[] = [];
  let checked = 0;
  for (const head of await heads.execute()) {
    const r = await verifyOne(db, head.center_id, Number(head.seq), head.hash);
    checked += r.checked;
    problems.push(...r.problems);
  }
  return { ok: problems.length === 0, checked, problems };
}

async function verifyOne(db: Db, centerId: string, headSeq: number, headHash: string) {
  const problems: VerifyProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const pageSize = 2000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('center_id', '=', centerId)
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      checked++;
      if (seq !== expectedSeq) problems.push({ centerId, seq: expectedSeq, problem: `entries ${expectedSeq}..${seq - 1} are missing (deleted)` });
      if (row.prev_hash !== prevHash) problems.push({ centerId, seq, problem: 'prev_hash does not match the entry before it' });
      const { hash, ...rest } = row;
      if (auditHash({ ...rest, seq }) !== hash) problems.push({ centerId, seq, problem: 'content does not match its hash (edited)' });
      prevHash = hash;
      expectedSeq = seq + 1;
    }
    if (rows.length < pageSize) break;
  }
  if (expectedSeq - 1 !== headSeq) {
    problems.push({ centerId, seq: expectedSeq, problem: `the chain ends at ${expectedSeq - 1} but the head says ${headSeq} (entries deleted at the end, or head edited)` });
  } else if (headSeq > 0 && prevHash !== headHash) {
    problems.push({ centerId, seq: headSeq, problem: 'the last entry does not match the chain head' });
  }
  return { checked, problems };
}
