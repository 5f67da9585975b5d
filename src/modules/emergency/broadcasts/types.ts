/** Row types of the emergency-broadcast message tables (declared with every table in platform/db/schema.ts). */
export type { EbBroadcastsTable, EbCountersTable, EbPlatformKeysTable, EbTemplatesTable, EbTrustedCertsTable } from '../../../platform/db/schema.ts';
