/**
 * The hooks the broadcasts service calls (one line each): `assertMayBroadcast` when a
 * broadcast is authored, changed, submitted or approved, and `broadcastVisibility` for
 * its list. They load the caller's scope and grants and apply the pure rule (rules.ts).
 * Cancelling is never checked: stopping a broadcast is always safe.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { parentArea, type AreaCode } from '../ebm/ids.ts';
import { mayBroadcast } from './rules.ts';
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
  if (!verdict.ok) throw appError('EB_AREA_NOT_GRANTED', { field: 'areaCodes', message: verdict.message, details: { areaCode: verdict.areaCode, reason: verdict.reason } });
}

/**
 * Which broadcasts a caller sees in the list: county level, all of the center; a scoped
 * user, those reaching into their area (an area inside the scope) and those covering it
 * (the county, or their town for a village operator). `area_codes` is a JSON array of
 * 12-digit codes, so both tests are LIKE patterns on its text: same SQL on both engines.
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
