/**
 * Broadcast rights by level (GD/J 088): operator scopes, county grants, and the check the
 * broadcasts service applies. The rest of the emergency module imports only from here.
 */
export { grantPermissions, G as GrantPermissions } from './policies.ts';
export { grantRoutes } from './routes.ts';
export { assertMayBroadcast, auditingRefusals, broadcastVisibility, operatorScope, type BroadcastFacts } from './enforce.ts';
export { mayBroadcast, grantStatus, type Grant, type Verdict, type RefusalReason } from './rules.ts';
export { seedTownRights, type TownRightsSeed } from './seed.ts';
