/**
 * What a town or village operator may choose in the new-broadcast form, from GET
 * /api/eb/me/scope: the areas the county granted them and, for the areas picked, whether
 * a real send or a drill is allowed and the most severe level allowed. The server decides
 * (grants/rules.ts); this only keeps the form from offering what it would refuse.
 * Severity: 1 = I (most severe) … 4 = IV; 0 (unknown) counts as I.
 */
import type { EbMyScope } from '../../api/types';

export type UsableArea = EbMyScope['areas'][number];

export interface ScopeLimits {
  mayReal: boolean;
  mayDrill: boolean;
  /** The most severe level allowed (1 … 4); 5 when none is. */
  mostSevere: number;
}

/** Digits that matter in a 12-digit area code: province 2, city 4, county 6, town 9, village 12. */
const LEVEL_DIGITS = [2, 4, 6, 9, 12];

/** Is `inner` the area `outer` or inside it? */
export function areaContains(outer: string, inner: string): boolean {
  const digits = LEVEL_DIGITS.find((n) => /^0*$/.test(outer.slice(n))) ?? 12;
  return inner.length === outer.length && inner.startsWith(outer.slice(0, digits));
}

/** The level a severity counts as: 0 (unknown) is I. */
const levelOf = (severity: number) => (severity >= 1 && severity <= 4 ? severity : 1);

/** May one of `areas` grant this severity? (A grant with maxSeverity 3 allows III and IV.) */
export function severityAllowed(limits: ScopeLimits, severity: number): boolean {
  return levelOf(severity) >= limits.mostSevere;
}

const allows = (a: UsableArea, msgType: number | undefined) =>
  msgType === undefined ? a.mayReal || a.mayDrill : msgType >= 3 ? a.mayDrill : a.mayReal;

/**
 * The limits for the areas picked (every picked area must be allowed: each needs one
 * grant allowing it), or, before any is picked, for the best of the usable areas.
 */
export function limitsOf(areas: readonly UsableArea[], picked: readonly string[] | undefined, msgType: number | undefined): ScopeLimits {
  if (!picked?.length) {
    const typed = areas.filter((a) => allows(a, msgType));
    return {
      mayReal: areas.some((a) => a.mayReal),
      mayDrill: areas.some((a) => a.mayDrill),
      mostSevere: typed.length ? Math.min(...typed.map((a) => a.maxSeverity)) : 5,
    };
  }
  const covering = picked.map((code) => areas.filter((a) => areaContains(a.areaCode, code)));
  const best = covering.map((grants) => {
    const typed = grants.filter((a) => allows(a, msgType));
    return typed.length ? Math.min(...typed.map((a) => a.maxSeverity)) : 5;
  });
  return {
    mayReal: covering.every((grants) => grants.some((a) => a.mayReal)),
    mayDrill: covering.every((grants) => grants.some((a) => a.mayDrill)),
    mostSevere: Math.max(...best),
  };
}
