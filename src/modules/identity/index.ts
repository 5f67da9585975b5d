/**
 * Identity: centers, departments, resident accounts, areas, users, roles, login.
 * Other modules import only from here.
 */
import type { RongmeiModule } from '../../platform/module.ts';
import { identityPermissions } from './policies.ts';
import { authRoutes } from './auth.routes.ts';
import { userRoutes } from './users.routes.ts';
import { roleRoutes } from './roles.routes.ts';
import { orgRoutes } from './org.routes.ts';

export { createCenter, syncAllCenterRoles, syncCenterRoles } from './centers.service.ts';
export { P as IdentityPermissions } from './policies.ts';

export const identityModule: RongmeiModule = {
  name: 'identity',
  permissions: identityPermissions,
  async routes(app, deps) {
    await authRoutes(app, deps);
    await userRoutes(app, deps);
    await roleRoutes(app, deps);
    await orgRoutes(app, deps);
  },
};
