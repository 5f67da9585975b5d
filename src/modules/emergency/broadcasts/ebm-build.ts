/**
 * Turns a stored broadcast into the GD/J 082 EBM inside a GD/J 083 EBD envelope,
 * and allocates the ids it needs: EBMIDs per day (0001–9999: mandatory to play) and
 * EBDIDs with a per-sender increasing sequence (which receivers use against replays).
 */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/index.ts';
import { engineOf } from '../../../platform/db/engine.ts';
import { appError } from '../../../platform/errors.ts';
import type { EbBroadcastsTable } from '../../../platform/db/schema.ts';
import { auxiliariesOf, shownText } from '../audio/index.ts';
import { buildEbdid, buildEbmid, buildEbrid, encodeEbdXml, parseAreaCode, type Ebd, type Ebm, type Ebmid, type MsgType, type Severity } from '../ebm/index.ts';

/** The county platform's resource code: level 4, the center's area, type 0101 (platform) 01/01/01. */
export function platformEbrid(areaCode: string): string {
  return buildEbrid({ level: 4, area: areaCode, type: '0101', typeSeq: '01', subtype: '01', subtypeSeq: '01' });
}

/** Increments and returns a named counter of the center, under a row lock. */
export async function nextCounter(tx: Executor, centerId: string, name: string): Promise<number> {
  await tx.insertInto('eb_counters').values({ center_id: centerId, name, value: 0 }).onConflict((oc) => oc.columns(['center_id', 'name']).doNothing()).execute();
  if (engineOf(tx) === 'postgres') {
    const r = await sql<{ value: number }>`UPDATE eb_counters SET value = value + 1 WHERE center_id = ${centerId} AND name = ${name} RETURNING value`.execute(tx);
    return Number(r.rows[0]!.value);
  }
  await tx.updateTable('eb_counters').set({ value: sql`value + 1` }).where('center_id', '=', centerId).where('name', '=', name).execute();
  const row = await tx.selectFrom('eb_counters').select('value').where('center_id', '=', centerId).where('name', '=', name).executeTakeFirstOrThrow();
  return Number(row.value);
}

function beijingDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

export async function allocateEbmid(tx: Executor, centerId: string, platform: string, at: Date): Promise<Ebmid> {
  const day = beijingDay(at);
  const seq = await nextCounter(tx, centerId, `ebmid:${day}`);
  if (seq > 9999) throw appError('EB_SEQUENCE_EXHAUSTED');
  return buildEbmid({ platform, date: day, seq });
}

export async function allocateEbdid(tx: Executor, centerId: string, platform: string) {
  return buildEbdid({ kind: 'other', sender: platform, sequence: await nextCounter(tx, centerId, 'ebdid') });
}

export interface PlatformInfo {
  ebrid: string;
  name: string;
}

/**
 * The EBM of a broadcast (or of its cancel, with msgType 2 and the original as related).
 * A correction (更正) names the broadcast it corrects as related (RelatedInfo/EBMID).
 */
export function ebmOf(b: EbBroadcastsTable, ebmid: Ebmid, platform: PlatformInfo, sendTime: Date, cancelOf?: Ebmid): Ebm {
  const areas = (JSON.parse(b.area_codes) as string[]).map(parseAreaCode);
  const related = cancelOf ?? (b.related_ebmid ? (b.related_ebmid as Ebmid) : undefined);
  return {
    ebmVersion: '1',
    ebmid,
    ...(related ? { related: { ebmid: related } } : {}),
    basicInfo: {
      msgType: (cancelOf ? 2 : b.msg_type) as MsgType, senderName: platform.name, senderCode: platform.ebrid, sendTime,
      eventType: b.event_type, severity: b.severity as Severity, startTime: new Date(b.start_at), endTime: new Date(b.end_at),
    },
    contents: [{
      languageCode: 'zho', msgTitle: cancelOf ? `【取消】${b.title}` : b.title, msgDesc: cancelOf ? `取消：${b.title}` : shownText(b.text, b.msg_type), areaCodes: areas,
      // A cancel carries no audio: it stops what plays.
      auxiliaries: cancelOf ? [] : auxiliariesOf(b.audio),
    }],
    dispatches: [],
  };
}

/** The EBD XML carrying an EBM from this platform (DEST: the platform itself for local dispatch). */
export function ebdXmlOf(ebm: Ebm, ebdid: ReturnType<typeof buildEbdid>, platform: PlatformInfo, at: Date): string {
  const ebd: Ebd = {
    ebdVersion: '1', ebdid, src: { ebrid: platform.ebrid as Ebd['src']['ebrid'] }, dest: { ebrid: platform.ebrid as Ebd['dest']['ebrid'] }, ebdTime: at,
    body: { kind: 'EBM', ebm },
  };
  return encodeEbdXml(ebd);
}
