/** Every feature module, in load order. A new module is added here. */
import type { RongmeiModule } from '../platform/module.ts';
import { PermissionRegistry } from '../platform/permissions.ts';
import { identityModule } from './identity/index.ts';
import { auditModule } from './audit/index.ts';
import { systemModule } from './system/index.ts';
import { newsroomModule } from './newsroom/index.ts';
import { notificationsModule } from './notifications/index.ts';
import { emergencyModule } from './emergency/index.ts';
import { mediaModule } from './media/index.ts';

export const MODULES: RongmeiModule[] = [identityModule, auditModule, systemModule, notificationsModule, newsroomModule, mediaModule, emergencyModule];

/** The permissions of every module, collected once. */
export function buildPermissionRegistry(): PermissionRegistry {
  const registry = new PermissionRegistry();
  for (const m of MODULES) registry.add(m.permissions);
  return registry;
}
