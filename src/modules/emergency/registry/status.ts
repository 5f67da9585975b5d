/**
 * What other parts of the emergency module need from the registry: the terminal
 * drivers report status through {@link setResourceStatus}; dispatch finds the
 * terminals of a broadcast's areas with {@link listTerminalsInAreas}.
 *
 * Status reports are telemetry, not operations: they are not written to the audit log
 * (1,582 terminals reporting every 120 s would bury the operators' actions and
 * serialise on the chain head); a change of status is emitted as an event.
 */
import type { Executor } from '../../../platform/db/index.ts';
import { engineOf } from '../../../platform/db/engine.ts';
import { emit } from '../../../platform/events/index.ts';
import { parseAreaCode } from '../ebm/ids.ts';
import { areaPrefix } from './codes.ts';
import * as repo from './repository.ts';
import type { ResourceKind, ResourceStatus } from './types.ts';

/** The outcome of a status report. */
export interface StatusReport {
  id: string;
  ebrid: string;
  kind: ResourceKind;
  areaCode: string;
  status: ResourceStatus;
  previous: ResourceStatus;
  /** When the current status began. */
  statusSince: string;
  lastSeenAt: string | null;
  /** True when the status changed (and `eb.resource.status_changed` was emitted). */
  changed: boolean;
}

/** Runs `fn` in `exec` when it is a transaction already, else in a new one. */
export async function inTransaction<T>(exec: Executor, fn: (tx: Executor) => Promise<T>): Promise<T> {
  return exec.isTransaction ? fn(exec) : exec.transaction().execute(fn);
}

/**
 * Records that the resource with this EBRID is in `status` at `at`. `status_since`
 * moves only when the status changes; a report older than the current status's start
 * (delivered late) does not change it. `last_seen_at` advances to `at` when the
 * resource was heard, which by default is every status but `offline` (an offline
 * status usually comes from the platform's own watchdog, which heard nothing).
 * Returns null for an EBRID the center does not have (terminal error 59).
 */
export async function setResourceStatus(
  exec: Executor, centerId: string, ebrid: string, status: ResourceStatus, at: Date | string,
  opts: { heard?: boolean } = {},
): Promise<StatusReport | null> {
  const when = new Date(at).toISOString();
  const heard = opts.heard ?? status !== 'offline';
  return inTransaction(exec, async (tx) => {
    const row = await repo.lockStatus(tx, centerId, ebrid, engineOf(tx) === 'postgres');
    if (!row) return null;
    const previous = row.status as ResourceStatus;
    const lastSeenAt = heard && (!row.last_seen_at || when > row.last_seen_at) ? when : row.last_seen_at;
    const changed = status !== previous && when >= row.status_since;
    const statusSince = changed ? when : row.status_since;
    if (changed || lastSeenAt !== row.last_seen_at) {
      await repo.updateResource(tx, centerId, row.id, { status: changed ? status : previous, status_since: statusSince, last_seen_at: lastSeenAt });
    }
    if (changed) {
      await emit(tx, { centerId, type: 'eb.resource.status_changed', payload: { id: row.id, ebrid, kind: row.kind, areaCode: row.area_code, status, previous, at: when } });
    }
    return {
      id: row.id, ebrid, kind: row.kind as ResourceKind, areaCode: row.area_code, status: changed ? status : previous, previous,
      statusSince, lastSeenAt, changed,
    };
  });
}

/** A terminal as dispatch needs it. */
export interface TerminalTarget {
  id: string;
  ebrid: string;
  physicalId: string;
  name: string;
  areaCode: string;
  parentEbrid: string | null;
  protocol: 'ip' | 'mqtt' | null;
  address: string | null;
  status: ResourceStatus;
  lastSeenAt: string | null;
  certSerial: string | null;
}

/**
 * The terminals inside any of `areaCodes` (12-digit codes of any level: a county
 * code takes every terminal of the county), by EBRID. Throws an IdentifierError for a
 * malformed code. `kinds` widens the search (e.g. to loudspeakers).
 */
export async function listTerminalsInAreas(
  exec: Executor, centerId: string, areaCodes: readonly string[], kinds: ResourceKind[] = ['terminal'],
): Promise<TerminalTarget[]> {
  const prefixes = [...new Set(areaCodes.map((c) => areaPrefix(parseAreaCode(c))))];
  const rows = await repo.resourcesUnder(exec, centerId, prefixes, kinds);
  return rows.map((r) => ({
    id: r.id, ebrid: r.ebrid, physicalId: r.physical_id, name: r.name, areaCode: r.area_code, parentEbrid: r.parent_ebrid,
    protocol: r.protocol as TerminalTarget['protocol'], address: r.address, status: r.status as ResourceStatus,
    lastSeenAt: r.last_seen_at, certSerial: r.cert_serial,
  }));
}
