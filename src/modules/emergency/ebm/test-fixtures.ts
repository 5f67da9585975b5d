/**
 * Shared test data: a level-II (orange) flood warning from the Lechang county platform
 * to three real towns of /shared/data/lechang-areas.tsv (北乡镇 440281102000, 九峰镇
 * 440281103000, 廊田镇 440281104000) with one MP3. Flood is GB/T 35561 code 10101
 * (自然灾害 / 水旱灾害 / 洪水). Used by the tests only.
 */
import { createHash } from 'node:crypto';
import { type Ebd } from './ebd.ts';
import { type Ebm } from './ebm.ts';
import { EVENT_TYPE } from './event-types.ts';
import { buildEbdid, buildEbmid, parseAreaCode, parseEbrid } from './ids.ts';

/** Lechang county platform (digest "Identifiers"). */
export const LECHANG_PLATFORM = parseEbrid('44402810000000101010101');
/** Lechang county loudspeaker system. */
export const LECHANG_LOUDSPEAKERS = parseEbrid('44402810000000314010101');
/** Shaoguan city platform. */
export const SHAOGUAN_PLATFORM = parseEbrid('34402000000000101010101');
/** The three towns. */
export const TOWNS = ['440281102000', '440281103000', '440281104000'].map(parseAreaCode);

/** Stand-in MP3 bytes (an ID3 header and silence) and their SM3 digest. */
export const MP3_NAME = 'flood-warning-20240618-0001.mp3';
export const MP3_BYTES = Buffer.concat([Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000', 'latin1'), Buffer.alloc(4086, 0xff)]);
export const MP3_SM3 = createHash('sm3').update(MP3_BYTES).digest('hex');

/** Beijing wall-clock time as an instant. */
export function bj(wall: string): Date {
  return new Date(`${wall.replace(' ', 'T')}+08:00`);
}

/** The flood warning EBM. */
export function floodEbm(): Ebm {
  return {
    ebmVersion: '1.0',
    ebmid: buildEbmid({ platform: LECHANG_PLATFORM, date: '20240618', seq: 1 }),
    basicInfo: {
      msgType: 1,
      senderName: '乐昌市三防指挥部',
      senderCode: '440281000000SF',
      sendTime: bj('2024-06-18 07:58:00'),
      eventType: EVENT_TYPE.flood,
      severity: 2,
      startTime: bj('2024-06-18 08:00:00'),
      endTime: bj('2024-06-18 20:00:00'),
    },
    contents: [
      {
        languageCode: 'zho',
        msgTitle: '乐昌市洪水橙色预警',
        msgDesc:
          '受持续强降雨影响，武江乐昌段水位快速上涨，预计未来12小时将超过警戒水位。' +
          '请北乡镇、九峰镇、廊田镇沿河低洼地带群众立即转移到安全地带，防范山洪和地质灾害。',
        areaCodes: TOWNS,
        auxiliaries: [{ auxiliaryType: 2, auxiliaryDesc: MP3_NAME, size: MP3_BYTES.length, digest: MP3_SM3 }],
      },
    ],
    dispatches: TOWNS.map((t) => ({ ebrbs: parseEbrid(`5${t}0314010101`) })),
  };
}

/** The EBD carrying it, from the county platform to its own loudspeaker system. */
export function floodEbd(): Ebd {
  return {
    ebdVersion: '1.0',
    ebdid: buildEbdid({ kind: 'other', sender: LECHANG_PLATFORM, sequence: 1024n }),
    src: { ebrid: LECHANG_PLATFORM, url: 'http://10.44.28.1:8080/ebd' },
    dest: { ebrid: LECHANG_LOUDSPEAKERS },
    ebdTime: bj('2024-06-18 07:58:05'),
    body: { kind: 'EBM', ebm: floodEbm() },
  };
}
