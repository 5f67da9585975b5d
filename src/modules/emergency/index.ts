/**
 * Emergency broadcast (应急广播): signed alert messages with two-person approval and a
 * prepared cancel (broadcasts/), the GD/J 082/083 message codecs (ebm/) and the GD/J 089
 * terminal protocol (terminal-protocol/). Other modules import only from here.
 */
import type { RongmeiModule } from '../../platform/module.ts';
import { broadcastPermissions } from './broadcasts/policies.ts';
import { broadcastRoutes } from './broadcasts/routes.ts';
import { registryPermissions, registryRoutes } from './registry/index.ts';
import { dispatchBackground, dispatchRoutes } from './dispatch/index.ts';
import { inboundRoutes } from './inbound/index.ts';
import { audioRoutes, withRtpSending } from './audio/index.ts';
import { grantPermissions, grantRoutes } from './grants/index.ts';

export { seedLechangResources, setResourceStatus, listTerminalsInAreas } from './registry/index.ts';
export { terminalAcl } from './dispatch/broker-acl.ts';
export { ensurePlatformKey, rotatePlatformKey, platformSigner, trustListOf } from './broadcasts/keys.ts';
export { seedTownRights } from './grants/index.ts';

export const emergencyModule: RongmeiModule = {
  name: 'emergency',
  permissions: [...broadcastPermissions, ...registryPermissions, ...grantPermissions],
  async routes(app, deps) {
    await broadcastRoutes(app, deps);
    await registryRoutes(app, deps);
    await dispatchRoutes(app, deps);
    await inboundRoutes(app, deps);
    await audioRoutes(app, deps);
    await grantRoutes(app, deps);
  },
  background(bg) {
    return withRtpSending(bg, dispatchBackground(bg));
  },
};
