/**
 * Broadcast rights by level, as one pure rule (GD/J 088: towns and villages broadcast
 * only to their own areas, and only with a right the county grants).
 *
 * - A user without a scope is county level: the whole center, no grant needed.
 * - A scoped user (bound to a town or village) may broadcast to an area only when the
 *   area lies inside the scope AND an active grant covers it (a grant on a town covers
 *   its villages) allowing the message type (real or drill) and the severity.
 * - Grants add up: each area needs one grant that allows everything asked of it.
 * - Severity: 1 = I (red, most severe) … 4 = IV (blue); a grant's `maxSeverity` is the
 *   most severe level it allows (3 = III and IV). An unknown severity (0) is treated as
 *   the most severe, so only a grant allowing level I covers it.
 */
import { areaContains, type AreaCode } from '../ebm/ids.ts';

/** A grant as the rule sees it. */
export interface Grant {
  id: string;
  areaCode: string;
  mayReal: boolean;
  mayDrill: boolean;
  maxSeverity: number;
  validFrom: string;
  validTo: string | null;
  revokedAt: string | null;
}

/** What is asked: these areas, this message type (1 real, 3–5 drills), this severity, now. */
export interface BroadcastAsk {
  areaCodes: readonly string[];
  msgType: number;
  severity: number;
  at: Date;
}

/** Why an area is refused, from the most basic to the most specific. */
export type RefusalReason = 'outside_scope' | 'no_grant' | 'grant_not_yet_valid' | 'grant_expired' | 'grant_revoked' | 'real_not_granted' | 'drill_not_granted' | 'severity_above_grant';

export type Verdict = { ok: true } | { ok: false; areaCode: string; reason: RefusalReason; message: string };

/** A grant's state at a moment. */
export type GrantStatus = 'active' | 'pending' | 'expired' | 'revoked';

/** Revoked beats expired: a revocation is a decision, an expiry only the calendar. */
export function grantStatus(g: Pick<Grant, 'validFrom' | 'validTo' | 'revokedAt'>, at: Date): GrantStatus {
  const t = at.getTime();
  if (g.revokedAt && Date.parse(g.revokedAt) <= t) return 'revoked';
  if (g.validTo && Date.parse(g.validTo) <= t) return 'expired';
  if (Date.parse(g.validFrom) > t) return 'pending';
  return 'active';
}

/** Does a grant allow this severity? 0 (unknown) counts as level I. */
export function severityAllowed(maxSeverity: number, severity: number): boolean {
  const level = severity >= 1 && severity <= 4 ? severity : 1;
  return level >= maxSeverity;
}

const isDrill = (msgType: number) => msgType >= 3;
const ROMAN = ['未知', 'I', 'II', 'III', 'IV'];

/** Why `grants` do not let a scoped user send to `area`, or null when one of them does. */
function areaRefusal(area: string, grants: readonly Grant[], ask: BroadcastAsk, label: (code: string) => string): Exclude<Verdict, { ok: true }> | null {
  const no = (reason: RefusalReason, message: string) => ({ ok: false as const, areaCode: area, reason, message: message.replace(area, label(area)) });
  const covering = grants.filter((g) => areaContains(g.areaCode as AreaCode, area as AreaCode));
  if (!covering.length) return no('no_grant', `Area ${area} has no broadcast right granted by the county.`);
  const active = covering.filter((g) => grantStatus(g, ask.at) === 'active');
  if (!active.length) {
    const states = covering.map((g) => grantStatus(g, ask.at));
    if (states.includes('pending')) return no('grant_not_yet_valid', `The broadcast right of area ${area} is not valid yet.`);
    if (states.includes('expired')) return no('grant_expired', `The broadcast right of area ${area} has expired.`);
    return no('grant_revoked', `The broadcast right of area ${area} was revoked.`);
  }
  const drill = isDrill(ask.msgType);
  const typed = active.filter((g) => (drill ? g.mayDrill : g.mayReal));
  if (!typed.length) {
    return drill
      ? no('drill_not_granted', `Area ${area} is not granted drills.`)
      : no('real_not_granted', `Area ${area} is granted drills only, not real sends.`);
  }
  if (!typed.some((g) => severityAllowed(g.maxSeverity, ask.severity))) {
    const best = Math.min(...typed.map((g) => g.maxSeverity));
    return no('severity_above_grant', `Severity ${ROMAN[ask.severity] ?? ask.severity} is above what area ${area} is granted (level ${ROMAN[best]} and below).`);
  }
  return null;
}

/**
 * May a user with `scope` (null = county level) send this broadcast under `grants`?
 * Areas are judged in the order given; the first refused one is named, through `label`
 * (e.g. "九峰镇 (440281103000)") in the message.
 */
export function mayBroadcast(scope: string | null, grants: readonly Grant[], ask: BroadcastAsk, label: (code: string) => string = (c) => c): Verdict {
  if (scope === null) return { ok: true };
  for (const area of ask.areaCodes) {
    if (!areaContains(scope as AreaCode, area as AreaCode)) {
      return { ok: false, areaCode: area, reason: 'outside_scope', message: `Area ${label(area)} lies outside your area ${label(scope)}: you broadcast only inside it.` };
    }
    const refusal = areaRefusal(area, grants, ask, label);
    if (refusal) return refusal;
  }
  return { ok: true };
}

/**
 * The part of each active grant a scoped user may use: the deeper of the grant's area and
 * the scope when one contains the other (a village operator under a town grant gets the
 * village). For the console's area picker.
 */
export function usableAreas(scope: string, grants: readonly Grant[], at: Date): { areaCode: string; grant: Grant }[] {
  return grants
    .filter((g) => grantStatus(g, at) === 'active')
    .flatMap((g) => {
      if (areaContains(scope as AreaCode, g.areaCode as AreaCode)) return [{ areaCode: g.areaCode, grant: g }];
      if (areaContains(g.areaCode as AreaCode, scope as AreaCode)) return [{ areaCode: scope, grant: g }];
      return [];
    });
}
