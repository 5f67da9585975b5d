/** Audit: the console's view of the hash-chained audit log. */
import type { RongmeiModule } from '../../platform/module.ts';
import { auditPermissions } from './policies.ts';
import { auditRoutes } from './routes.ts';

export const auditModule: RongmeiModule = { name: 'audit', permissions: auditPermissions, routes: auditRoutes };
