import type { PermissionDef } from '../../platform/permissions.ts';

export const P = { read: 'audit.read', verify: 'audit.verify' } as const;

export const auditPermissions: PermissionDef[] = [
  { key: P.read, module: 'audit', zh: '查看审计日志', en: 'Read the audit log', roles: ['auditor'] },
  { key: P.verify, module: 'audit', zh: '校验审计日志完整性', en: 'Verify the audit chain', roles: ['auditor'] },
];
