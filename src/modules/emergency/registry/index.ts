/**
 * The emergency-broadcast resource registry: areas, platform, front-ends, adapters,
 * terminals and loudspeakers with their codes, devices, places and live status.
 * The rest of the emergency module imports only from here.
 */
export { registryPermissions, P as RegistryPermissions } from './policies.ts';
export { registryRoutes } from './routes.ts';
export { setResourceStatus, listTerminalsInAreas, type StatusReport, type TerminalTarget } from './status.ts';
export { seedLechangResources, type SeedOptions, type SeedResult } from './seed.ts';
export { type RegistryErrorCode } from './errors.ts';
export { KIND_CODES, areaPrefix } from './codes.ts';
export {
  RESOURCE_KINDS, RESOURCE_STATUSES, PROTOCOLS,
  type EbResourcesTable, type ResourceKind, type ResourceStatus, type Protocol,
} from './types.ts';
