/**
 * The hooks the broadcasts service calls (one line each): `assertMayBroadcast` when a
 * broadcast is authored, changed, submitted or approved, `auditingRefusals` around those
 * use cases, and `broadcastVisibility` for its list and for every load of one broadcast.
 * They load the caller's scope and grants and apply the pure rule (rules.ts).
 * Cancelling is never checked: stopping a broadcast is always safe.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db, Executor } from '../../../platform/db/index.ts';
import { AppError, appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { parentArea, type AreaCode } from '../ebm/ids.ts';
import { mayBroadcast, type RefusalReason } from './rules.ts';
import * as repo from './repository.ts';

/** A broadcast as the request carries it, or as its row keeps it. */
export type BroadcastFacts =
  | { areaCodes: readonly string[]; msgType: number; severity: number }
  | { area_codes: string; msg_type: number | string; severity: number | string };

function factsOf(b: BroadcastFacts) {
  return 'areaCodes' in b
    ? { areaCodes: b.areaCodes, msgType: b.msgType, severity: b.severity }
    : { areaCodes: JSON.parse(b.area_codes) as string[], msgType: Number(b.msg_type), severity: Number(b.severity) };
}

/** What a refusal was about, for its audit entry; kept off the error so the 403 body stays as it is. */
interface Refusal {
  scope: string;
  areaCodes: string[];
  msgType: number;
  severity: number;
  areaCode: string;
  reason: RefusalReason;
}

const refusals = new WeakMap<AppError, Refusal>();

/** The town or village the caller is bound to; null at county level (the whole center). */
export async function operatorScope(exec: Executor, ctx: RequestContext): Promise<string | null> {
  return repo.scopeOf(exec, ctx.actor.centerId, ctx.actor.userId);
}

/**
 * Refuses (403 EB_AREA_NOT_GRANTED, field areaCodes) when the caller is bound to a town
 * or village and the broadcast reaches outside it or beyond what the county granted.
 * County-level callers pass untouched.
 */
export async function assertMayBroadcast(exec: Executor, ctx: RequestContext, b: BroadcastFacts): Promise<void> {
  const scope = await repo.scopeOf(exec, ctx.actor.centerId, ctx.actor.userId);
  if (!scope) return;
  const facts = factsOf(b);
  const grants = (await repo.grantsNear(exec, ctx.actor.centerId, scope)).map(repo.toGrant);
  const names = await repo.areaNames(exec, ctx.actor.centerId, [scope, ...facts.areaCodes]);
  const verdict = mayBroadcast(scope, grants, { ...facts, at: new Date() }, (code) => (names.has(code) ? `${names.get(code)} (${code})` : code));
  if (verdict.ok) return;
  const err = appError('EB_AREA_NOT_GRANTED', { field: 'areaCodes', message: verdict.message, details: { areaCode: verdict.areaCode, reason: verdict.reason } });
  refusals.set(err, { scope, areaCodes: [...facts.areaCodes], msgType: facts.msgType, severity: facts.severity, areaCode: verdict.areaCode, reason: verdict.reason });
  throw err;
}

/**
 * Runs a broadcast use case that `assertMayBroadcast` guards (`attempted`: its audit action,
 * e.g. `eb.broadcast.submit`) and, when the rule refuses it, appends `eb.broadcast.refused`
 * to the audit log (who, what they tried, the areas, why) before the same 403 goes on:
 * 等保 operation logs show attempted out-of-scope sends. The entry is written in its own
 * transaction once `act` has ended, so it survives the refused change's rollback; it
 * cannot be written earlier, as SQLite's one connection is held by that transaction.
 */
export async function auditingRefusals<T>(db: Db, ctx: RequestContext, attempted: { action: string; broadcastId?: string | null }, act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (err) {
    const refusal = err instanceof AppError ? refusals.get(err) : undefined;
    if (refusal) {
      refusals.delete(err as AppError); // once, however many use cases it passes through
      await db.transaction().execute((tx) => recordAudit(tx, {
        centerId: ctx.actor.centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip,
        action: 'eb.broadcast.refused', subjectType: 'eb_broadcast', subjectId: attempted.broadcastId ?? null,
        detail: { attempted: attempted.action, ...refusal },
      }));
    }
    throw err;
  }
}

/**
 * Which broadcasts a caller sees, in the list and by id (one outside is answered as not
 * found, like a missing one): county level, all of the center; a scoped user, those
 * reaching into their area (an area inside the scope) and those covering it (the county,
 * or their town for a village operator). `area_codes` is a JSON array of 12-digit codes,
 * so both tests are LIKE patterns on its text: same SQL on both engines. `column` names
 * the `area_codes` column of the query it filters.
 */
export async function broadcastVisibility(exec: Executor, ctx: RequestContext, column = 'b.area_codes'): Promise<RawBuilder<boolean>> {
  const scope = await repo.scopeOf(exec, ctx.actor.centerId, ctx.actor.userId);
  if (!scope) return sql<boolean>`1 = 1`;
  const inside = scope.endsWith('000') ? `%"${scope.slice(0, 9)}%` : `%"${scope}"%`; // a town and its villages, or one village
  const covering: string[] = [];
  for (let a = parentArea(scope as AreaCode); a; a = parentArea(a)) covering.push(`%"${a}"%`);
  const tests = [inside, ...covering].map((p) => sql<boolean>`${sql.ref(column)} like ${p}`);
  return sql<boolean>`(${sql.join(tests, sql` or `)})`;
}
