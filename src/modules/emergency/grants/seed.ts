/**
 * Seeds a town operator's rights (the demo's 九峰镇 operator): binds the user to the
 * area and grants the area the right to broadcast unless an active grant exists already.
 * Idempotent, audited as the granting user.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/index.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { grantStatus } from './rules.ts';
import * as repo from './repository.ts';

export interface TownRightsSeed {
  username: string;
  areaCode: string;
  /** Username of the county-level user recorded as granting. */
  grantedBy: string;
  mayReal: boolean;
  mayDrill: boolean;
  maxSeverity: number;
  note?: string;
}

/** Returns whether a grant was made (false: one was active already). */
export async function seedTownRights(db: Db, centerId: string, s: TownRightsSeed): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const users = await tx.selectFrom('users').select(['id', 'username']).where('center_id', '=', centerId).where('username', 'in', [s.username, s.grantedBy]).execute();
    const operator = users.find((u) => u.username === s.username);
    const granter = users.find((u) => u.username === s.grantedBy);
    if (!operator || !granter) throw new Error(`seedTownRights: users ${s.username} and ${s.grantedBy} must exist`);
    const actor = { id: granter.id, name: granter.username };
    if ((await repo.scopeOf(tx, centerId, operator.id)) !== s.areaCode) {
      await repo.writeScope(tx, centerId, operator.id, s.areaCode, granter.id);
      await recordAudit(tx, { centerId, actor, action: 'eb.operator.scope', subjectType: 'user', subjectId: operator.id, detail: { username: s.username, to: s.areaCode, seed: true } });
    }
    const now = new Date();
    const existing = await repo.listGrantRows(tx, centerId, s.areaCode);
    if (existing.some((g) => grantStatus(repo.toGrant(g), now) === 'active')) return false;
    const id = randomUUID();
    await repo.insertGrant(tx, {
      id, center_id: centerId, area_code: s.areaCode, may_real: s.mayReal ? 1 : 0, may_drill: s.mayDrill ? 1 : 0, max_severity: s.maxSeverity,
      valid_from: now.toISOString(), valid_to: null, granted_by: granter.id, granted_at: now.toISOString(), revoked_by: null, revoked_at: null, revoke_reason: null, note: s.note ?? null,
    });
    await recordAudit(tx, { centerId, actor, action: 'eb.grant.create', subjectType: 'eb_grant', subjectId: id, detail: { areaCode: s.areaCode, mayReal: s.mayReal, mayDrill: s.mayDrill, maxSeverity: s.maxSeverity, seed: true } });
    return true;
  });
}
