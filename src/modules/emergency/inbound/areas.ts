/**
 * An incoming alert names areas in the sender's terms: the whole city (440200000000),
 * our county, or single towns. Adopted here, it may reach only this center's own areas:
 * each named area that is ours is kept, a named area that contains ours (an upper level)
 * becomes our outermost areas inside it, and anything outside is dropped.
 */
import { type AreaCode, areaContains, isAreaCode } from '../ebm/index.ts';

/** The smallest set of this center's areas covering what `named` asks for; empty when nothing is ours. */
export function localAreas(named: string[], ours: string[]): string[] {
  const own = ours.filter(isAreaCode);
  const picked = new Set<AreaCode>();
  for (const code of named) {
    if (!isAreaCode(code)) continue;
    for (const a of own) if (a === code || areaContains(code, a)) picked.add(a);
  }
  // Drop an area whose ancestor is picked too: the ancestor covers it.
  return [...picked].filter((a) => ![...picked].some((b) => b !== a && areaContains(b, a))).sort();
}

/**
 * The part of `areas` inside a town or village operator's `scope`: an area inside the
 * scope is kept, an area containing it (our county, the operator's town) becomes the
 * scope itself, anything else is dropped. Empty when the alert does not reach the scope.
 */
export function areasInScope(areas: string[], scope: string): string[] {
  if (!isAreaCode(scope)) return [];
  const picked = new Set<AreaCode>();
  for (const a of areas) {
    if (!isAreaCode(a)) continue;
    if (areaContains(scope, a)) picked.add(a);
    else if (areaContains(a, scope)) picked.add(scope);
  }
  return [...picked].filter((a) => ![...picked].some((b) => b !== a && areaContains(b, a))).sort();
}
