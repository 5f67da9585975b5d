/**
 * Permissions are declared by each module (its policies.ts) and collected here.
 * A permission names an action on a kind of subject (`identity.users.manage`); the
 * built-in roles below receive the permissions their modules grant them. A center's
 * administrator may also make custom roles from any declared permissions.
 */

/** The built-in roles every center has, in the words of the newsroom. */
export const BUILTIN_ROLES = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  auditor: { zh: '安全审计员', en: 'Security auditor' },
  editor: { zh: '编辑记者', en: 'Editor / reporter' },
  reviewer: { zh: '部门审核（复审）', en: 'Department reviewer' },
  leader: { zh: '分管领导（终审签发）', en: 'Leader (sign-off)' },
  eb_operator: { zh: '应急广播操作员', en: 'Emergency broadcast operator' },
  eb_approver: { zh: '应急广播审核员', en: 'Emergency broadcast approver' },
  engineer: { zh: '技术保障工程师', en: 'Engineer' },
  analyst: { zh: '舆情分析员', en: 'Public-opinion analyst' },
  resident_staff: { zh: '入驻单位人员', en: 'Resident account staff' },
} as const;

export type BuiltinRole = keyof typeof BUILTIN_ROLES;

export interface PermissionDef {
  key: string;
  module: string;
  zh: string;
  en: string;
  /** Built-in roles that hold this permission. `admin` holds every permission. */
  roles: BuiltinRole[];
}

/** Who may call a route: anyone, any logged-in user, or holders of one permission. */
export type Access = 'public' | 'authenticated' | { permission: string };

export class PermissionRegistry {
  private readonly defs = new Map<string, PermissionDef>();

  add(defs: PermissionDef[]): void {
    for (const d of defs) {
      if (this.defs.has(d.key)) throw new Error(`permission ${d.key} declared twice`);
      this.defs.set(d.key, d);
    }
  }

  has(key: string): boolean {
    return this.defs.has(key);
  }

  list(): PermissionDef[] {
    return [...this.defs.values()];
  }

  /** The permission keys a built-in role holds. */
  forRole(role: BuiltinRole): string[] {
    if (role === 'admin') return this.list().map((d) => d.key);
    return this.list().filter((d) => d.roles.includes(role)).map((d) => d.key);
  }
}
