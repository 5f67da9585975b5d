/** Who may see and change the emergency-broadcast resource registry. */
import type { PermissionDef } from '../../../platform/permissions.ts';

/** The registry's permission keys. */
export const P = {
  read: 'eb.registry.read',
  manage: 'eb.registry.manage',
} as const;

/** The registry's permissions: operators, approvers and leaders read; engineers keep it. */
export const registryPermissions: PermissionDef[] = [
  { key: P.read, module: 'emergency', zh: '查看应急广播资源', en: 'View emergency broadcast resources', roles: ['eb_operator', 'eb_approver', 'engineer', 'leader'] },
  { key: P.manage, module: 'emergency', zh: '管理应急广播资源', en: 'Manage emergency broadcast resources', roles: ['engineer'] },
];
