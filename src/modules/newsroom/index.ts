/**
 * Newsroom (策采编审): columns, manuscripts with versions and edit locks, and the
 * three-level review (三审) with sign-off (签发). Other modules import only from here.
 */
import type { RongmeiModule } from '../../platform/module.ts';
import { newsroomPermissions } from './policies.ts';
import { manuscriptRoutes } from './manuscripts.routes.ts';
import { columnRoutes } from './columns.routes.ts';
import { planRoutes } from './plans.routes.ts';
import { correctionRoutes } from './corrections.routes.ts';
import { safetyRoutes } from './checks/routes.ts';
import { searchRoutes } from './search/index.ts';
import { newsroomBackground } from './background.ts';

export { P as NewsroomPermissions, maySeeManuscript } from './policies.ts';

export const newsroomModule: RongmeiModule = {
  name: 'newsroom',
  permissions: newsroomPermissions,
  async routes(app, deps) {
    await columnRoutes(app, deps);
    await manuscriptRoutes(app, deps);
    await planRoutes(app, deps);
    await correctionRoutes(app, deps);
    await safetyRoutes(app, deps);
    await searchRoutes(app, deps);
  },
  background: newsroomBackground,
};
