/**
 * EBD bodies other than the EBM itself that a county platform needs first (GD/J 083,
 * digest "Platform-to-platform interface"): the state query and report of a broadcast,
 * the receipt, and the heartbeat.
 */
import { type AreaCode, type Ebmid, type Ebrid, parseEbmid, parseEbrid } from './ids.ts';
import { dropUndefined, parseAreaList } from './ebm.ts';
import type { Reader } from './read.ts';
import { formatBeijingTime } from './time.ts';
import { el, XmlWriteError, type XmlElement } from './xml.ts';

/** BrdStateCode: 0 not handled, 1 waiting, 2 playing, 3 succeeded, 4 failed, 5 cancelled. */
export const BRD_STATE = { notHandled: 0, waiting: 1, playing: 2, succeeded: 3, failed: 4, cancelled: 5 } as const;
/** One of {@link BRD_STATE}. */
export type BrdStateCode = (typeof BRD_STATE)[keyof typeof BRD_STATE];
const BRD_STATES: readonly BrdStateCode[] = [0, 1, 2, 3, 4, 5];

/** Receipt ResultCode: 0 received, 1 parsed and verified, 2 parse failed, 3 content missing, 4 signature failed, 5 other. */
export const RESULT_CODE = { received: 0, verified: 1, parseFailed: 2, contentMissing: 3, signatureFailed: 4, other: 5 } as const;
/** One of {@link RESULT_CODE}. For 2–5 nothing further happens (digest). */
export type ResultCode = (typeof RESULT_CODE)[keyof typeof RESULT_CODE];
const RESULT_CODES: readonly ResultCode[] = [0, 1, 2, 3, 4, 5];

/** EBMStateRequest: "how is broadcast X going?" */
export interface EbmStateRequest {
  ebmid: Ebmid;
}

/** Counts reached, written as ResBrdStat "platforms,adapters,devices,terminals" (digest order). */
export interface ResBrdStat {
  platforms: number;
  adapters: number;
  devices: number;
  terminals: number;
}

/** The outcome on one resource chain (platform → station → adapter → broadcast system). */
export interface ResBrdItem {
  ebrps?: Ebrid;
  ebrst?: Ebrid;
  ebras?: Ebrid;
  ebrbs?: {
    ebrid?: Ebrid;
    rptTime?: Date;
    brdSysType?: string;
    brdSysInfo?: string;
    startTime?: Date;
    endTime?: Date;
    /** Recording of what was played. */
    fileUrl?: string;
    brdStateCode?: BrdStateCode;
    brdStateDesc?: string;
  };
}

/** EBMStateResponse: the state report of one broadcast. */
export interface EbmStateResponse {
  rptTime: Date;
  ebmid: Ebmid;
  brdStateCode: BrdStateCode;
  brdStateDesc?: string;
  coverage?: {
    /** 0–1; written as a decimal fraction, read from "0.9" or "90%". */
    coverageRate?: number;
    areaCodes?: AreaCode[];
    resBrdStat?: ResBrdStat;
  };
  resBrdItems: ResBrdItem[];
}

/** EBDResponse: the receipt answered on the same connection. */
export interface EbdResponse {
  resultCode: ResultCode;
  resultDesc?: string;
}

/** ConnectionCheck: the heartbeat. */
export interface ConnectionCheck {
  rptTime: Date;
}

// ------------------------------------------------------------------ writing

const chain = (name: string, id: string | undefined): XmlElement | undefined =>
  id === undefined ? undefined : el(name, [el('EBRID', parseEbrid(id))]);
const time = (name: string, d: Date | undefined): XmlElement | undefined =>
  d === undefined ? undefined : el(name, formatBeijingTime(d));

/** The EBMStateRequest element. */
export function ebmStateRequestElement(b: EbmStateRequest): XmlElement {
  return el('EBMStateRequest', [el('EBM', [el('EBMID', parseEbmid(b.ebmid))])]);
}

/** The EBMStateResponse element; validates codes and the coverage rate. */
export function ebmStateResponseElement(b: EbmStateResponse): XmlElement {
  const at = 'EBMStateResponse';
  if (!BRD_STATES.includes(b.brdStateCode)) throw new XmlWriteError(`${at}/BrdStateCode`, `${b.brdStateCode} is not 0–5`);
  const rate = b.coverage?.coverageRate;
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new XmlWriteError(`${at}/Coverage/CoverageRate`, `${rate} is not a fraction 0–1`);
  const stat = b.coverage?.resBrdStat;
  if (stat && !Object.values(stat).every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new XmlWriteError(`${at}/Coverage/ResBrdStat`, 'counts must be non-negative integers');
  }
  return el(at, [
    el('RptTime', formatBeijingTime(b.rptTime)),
    el('EBM', [el('EBMID', parseEbmid(b.ebmid))]),
    el('BrdStateCode', b.brdStateCode),
    b.brdStateDesc !== undefined && el('BrdStateDesc', b.brdStateDesc),
    b.coverage &&
      el('Coverage', [
        rate !== undefined && el('CoverageRate', String(Math.round(rate * 10000) / 10000)),
        b.coverage.areaCodes?.length ? el('AreaCode', b.coverage.areaCodes.join(',')) : undefined,
        stat && el('ResBrdStat', [stat.platforms, stat.adapters, stat.devices, stat.terminals].join(',')),
      ]),
    b.resBrdItems.length > 0 &&
      el('ResBrdInfo', b.resBrdItems.map((item, i) => {
        const bs = item.ebrbs;
        if (bs?.brdStateCode !== undefined && !BRD_STATES.includes(bs.brdStateCode)) {
          throw new XmlWriteError(`${at}/ResBrdInfo/ResBrdItem[${i + 1}]/EBRBS/BrdStateCode`, `${bs.brdStateCode} is not 0–5`);
        }
        return el('ResBrdItem', [
          chain('EBRPS', item.ebrps),
          chain('EBRST', item.ebrst),
          chain('EBRAS', item.ebras),
          bs &&
            el('EBRBS', [
              bs.ebrid !== undefined && el('EBRID', parseEbrid(bs.ebrid)),
              time('RptTime', bs.rptTime),
              bs.brdSysType !== undefined && el('BrdSysType', bs.brdSysType),
              bs.brdSysInfo !== undefined && el('BrdSysInfo', bs.brdSysInfo),
              time('StartTime', bs.startTime),
              time('EndTime', bs.endTime),
              bs.fileUrl !== undefined && el('FileURL', bs.fileUrl),
              bs.brdStateCode !== undefined && el('BrdStateCode', bs.brdStateCode),
              bs.brdStateDesc !== undefined && el('BrdStateDesc', bs.brdStateDesc),
            ]),
        ]);
      })),
  ]);
}

/** The EBDResponse element. */
export function ebdResponseElement(b: EbdResponse): XmlElement {
  if (!RESULT_CODES.includes(b.resultCode)) throw new XmlWriteError('EBDResponse/ResultCode', `${b.resultCode} is not 0–5`);
  return el('EBDResponse', [el('ResultCode', b.resultCode), b.resultDesc !== undefined && el('ResultDesc', b.resultDesc)]);
}

/** The ConnectionCheck element. */
export function connectionCheckElement(b: ConnectionCheck): XmlElement {
  return el('ConnectionCheck', [el('RptTime', formatBeijingTime(b.rptTime))]);
}

// ------------------------------------------------------------------ reading

/** Reads EBMStateRequest. */
export function readEbmStateRequest(r: Reader): EbmStateRequest {
  return { ebmid: r.reqNode('EBM').reqAs('EBMID', parseEbmid) };
}

/** Reads EBMStateResponse; the coverage block and resource items are optional. */
export function readEbmStateResponse(r: Reader): EbmStateResponse {
  const cov = r.node('Coverage');
  const coverage = cov && dropUndefined({
    coverageRate: cov.optAs('CoverageRate', parseRate) ?? cov.optAs('CoveragePercent', parseRate),
    areaCodes: cov.optAs('AreaCode', parseAreaList),
    resBrdStat: cov.optAs('ResBrdStat', parseStat),
  });
  const items = r.node('ResBrdInfo')?.all('ResBrdItem') ?? [];
  return dropUndefined({
    rptTime: r.reqTime('RptTime'),
    ebmid: r.reqNode('EBM').reqAs('EBMID', parseEbmid),
    brdStateCode: r.reqInt('BrdStateCode', BRD_STATES),
    brdStateDesc: r.opt('BrdStateDesc'),
    coverage,
    resBrdItems: items.map((it): ResBrdItem => {
      const bs = it.node('EBRBS');
      return dropUndefined({
        ebrps: it.node('EBRPS')?.optAs('EBRID', parseEbrid),
        ebrst: it.node('EBRST')?.optAs('EBRID', parseEbrid),
        ebras: it.node('EBRAS')?.optAs('EBRID', parseEbrid),
        ebrbs: bs && dropUndefined({
          ebrid: bs.optAs('EBRID', parseEbrid),
          rptTime: bs.optTime('RptTime'),
          brdSysType: bs.opt('BrdSysType'),
          brdSysInfo: bs.opt('BrdSysInfo'),
          startTime: bs.optTime('StartTime'),
          endTime: bs.optTime('EndTime'),
          fileUrl: bs.opt('FileURL'),
          brdStateCode: bs.optInt('BrdStateCode', BRD_STATES),
          brdStateDesc: bs.opt('BrdStateDesc'),
        }),
      });
    }),
  });
}

/** Reads EBDResponse. */
export function readEbdResponse(r: Reader): EbdResponse {
  return dropUndefined({ resultCode: r.reqInt('ResultCode', RESULT_CODES), resultDesc: r.opt('ResultDesc') });
}

/** Reads ConnectionCheck. */
export function readConnectionCheck(r: Reader): ConnectionCheck {
  return { rptTime: r.reqTime('RptTime') };
}

function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(text);
  if (!m) throw new Error('expected a fraction such as 0.95 or a percentage such as 95%');
  const n = Number(m[1]) / (m[2] || Number(m[1]) > 1 ? 100 : 1);
  if (n > 1) throw new Error('coverage above 100%');
  return n;
}

function parseStat(text: string): ResBrdStat {
  const n = text.split(/[,，]/).map((s) => s.trim());
  if (n.length !== 4 || !n.every((s) => /^\d{1,9}$/.test(s))) throw new Error('expected four counts "platforms,adapters,devices,terminals"');
  const [platforms, adapters, devices, terminals] = n.map(Number) as [number, number, number, number];
  return { platforms, adapters, devices, terminals };
}
