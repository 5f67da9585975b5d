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
