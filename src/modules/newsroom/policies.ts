/** Who may do what in the newsroom. */
import type { Actor } from '../../platform/auth/actor.ts';
import type { PermissionDef } from '../../platform/permissions.ts';
import type { ReviewActor } from './review-flow.ts';
import { levelPermission } from './review-flow.ts';

export const P = {
  read: 'newsroom.manuscripts.read',
  write: 'newsroom.manuscripts.write',
  level1: levelPermission(1),
  level2: levelPermission(2),
  level3: levelPermission(3),
  columns: 'newsroom.columns.manage',
  plansPropose: 'newsroom.plans.propose',
  plansDecide: 'newsroom.plans.decide',
  safetyManage: 'newsroom.safety.manage',
} as const;

export const newsroomPermissions: PermissionDef[] = [
  { key: P.read, module: 'newsroom', zh: '查看全部稿件', en: 'Read all manuscripts', roles: ['editor', 'reviewer', 'leader'] },
  { key: P.write, module: 'newsroom', zh: '撰写与修改稿件', en: 'Write manuscripts', roles: ['editor', 'reviewer', 'leader', 'resident_staff'] },
  { key: P.level1, module: 'newsroom', zh: '初审', en: 'Review level 1 (first review)', roles: ['editor'] },
  { key: P.level2, module: 'newsroom', zh: '复审', en: 'Review level 2 (department review)', roles: ['reviewer'] },
  { key: P.level3, module: 'newsroom', zh: '终审签发', en: 'Review level 3 (final review and sign-off)', roles: ['leader'] },
  { key: P.columns, module: 'newsroom', zh: '管理栏目与审核流程', en: 'Manage columns and their review', roles: ['leader'] },
  { key: P.plansPropose, module: 'newsroom', zh: '报选题', en: 'Propose story plans', roles: ['editor', 'reviewer', 'leader'] },
  { key: P.plansDecide, module: 'newsroom', zh: '审批与指派选题', en: 'Approve and assign story plans', roles: ['reviewer', 'leader'] },
  { key: P.safetyManage, module: 'newsroom', zh: '管理敏感词库与审校规则', en: 'Manage content-safety rules', roles: ['leader'] },
];

/** The review levels an actor holds. */
export function reviewLevelsOf(actor: Actor): Set<number> {
  return new Set([1, 2, 3].filter((l) => actor.permissions.has(levelPermission(l))));
}

export function reviewActorOf(actor: Actor, authorId: string): ReviewActor {
  return {
    userId: actor.userId,
    levels: reviewLevelsOf(actor),
    maySubmit: actor.userId === authorId || actor.permissions.has(P.read),
  };
}

/**
 * Staff with `newsroom.manuscripts.read` see every manuscript of the center; others
 * (resident-account staff) see their own and their resident account's.
 */
export function visibilityOf(actor: Actor): { all: true } | { all: false; authorId: string; residentAccountId: string | null } {
  if (actor.permissions.has(P.read)) return { all: true };
  return { all: false, authorId: actor.userId, residentAccountId: actor.residentAccountId };
}

/** Whether the actor may see this manuscript (the rule behind `visibilityOf`, for one row). */
export function maySeeManuscript(actor: Actor, m: { author_id: string; resident_account_id: string | null }): boolean {
  const vis = visibilityOf(actor);
  return vis.all || m.author_id === vis.authorId || (!!vis.residentAccountId && m.resident_account_id === vis.residentAccountId);
}
