/**
 * Who grants broadcast rights. GD/J 088 leaves the rights of towns and villages to the
 * county platform's management: here the leader (分管领导, who already signs off what
 * the center sends) holds `eb.grants.manage`, and admin holds every permission anyway.
 * Approvers are left out on purpose: who approves a message and who decides which
 * towns may send at all are kept apart. A holder must also be county level (no scope).
 */
import type { PermissionDef } from '../../../platform/permissions.ts';

/** The grants' permission key. Reading grants uses `eb.broadcast.read`. */
export const G = { manage: 'eb.grants.manage' } as const;

/** Declared with the emergency module's other permissions. */
export const grantPermissions: PermissionDef[] = [
  { key: G.manage, module: 'emergency', zh: '授予乡镇、村应急广播权限', en: 'Grant towns and villages the right to broadcast', roles: ['leader'] },
];

/** The broadcast permissions that make a user an "operator" in the operators list. */
export const OPERATOR_PERMISSIONS = ['eb.broadcast.author', 'eb.broadcast.approve', 'eb.broadcast.cancel'] as const;
