/** Row types and value sets of the emergency-broadcast resource registry (migration 0007). */

/** What a registry row is; see codes.ts for how each follows from the EBRID. */
export const RESOURCE_KINDS = ['platform', 'frontend', 'adapter', 'terminal', 'loudspeaker'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Live state of a resource (digest "Resource state codes", folded to four). */
export const RESOURCE_STATUSES = ['online', 'playing', 'fault', 'offline'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/** How the platform talks to the resource: the IP terminal protocol or a vendor MQTT cloud. */
export const PROTOCOLS = ['ip', 'mqtt'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** One resource of a center: platform, front-end, adapter, terminal or loudspeaker. */
import type { EbResourcesTable } from '../../../platform/db/schema.ts';

export type { EbResourcesTable };
