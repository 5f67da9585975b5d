/**
 * The demo's town-level emergency broadcasting (GD/J 088): `jiufeng_operator` works for
 * 九峰镇 (its resident account), is bound to the town, and the county (the leader) grants
 * 九峰镇 drills and real sends up to severity III.
 */
import type { Db } from '../platform/db/index.ts';
import { seedTownRights } from '../modules/emergency/index.ts';

export const JIUFENG_CODE = '440281103000';

export async function loadTownRightsDemo(db: Db, centerId: string): Promise<void> {
  const town = await db.selectFrom('resident_accounts').select('id').where('center_id', '=', centerId).where('area_code', '=', JIUFENG_CODE).where('kind', '=', 'town').executeTakeFirst();
  if (town) await db.updateTable('users').set({ resident_account_id: town.id }).where('center_id', '=', centerId).where('username', '=', 'jiufeng_operator').execute();
  await seedTownRights(db, centerId, {
    username: 'jiufeng_operator', areaCode: JIUFENG_CODE, grantedBy: 'leader', mayReal: true, mayDrill: true, maxSeverity: 3,
    note: '九峰镇：演练与实播，Ⅲ级（较大）及以下',
  });
}
