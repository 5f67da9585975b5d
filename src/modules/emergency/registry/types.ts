/**
 * Row types of the emergency-broadcast resource registry (migration
 * 0007_emergency_registry). The platform's DB interface gains them as
 * `eb_resources: EbResourcesTable`; until then the registry reads them through
 * `RegistryDB`, which adds them to DB locally (as the media library does).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, Executor } from '../../../platform/db/index.ts';

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

/** The registry's tables, to be merged into the platform's DB interface. */
export interface RegistryTables {
  eb_resources: EbResourcesTable;
}

/** DB plus the registry tables (equal to DB once schema.ts lists them). */
export type RegistryDB = DB & RegistryTables;
export type RegistryExecutor = Kysely<RegistryDB> | Transaction<RegistryDB>;

/** The same connection or transaction, typed to see the registry tables. */
export function registryDb(exec: Executor): RegistryExecutor {
  return exec as unknown as RegistryExecutor;
}
